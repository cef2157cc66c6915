module kfp-gitops/tools/cron-corpus

go 1.22

require github.com/robfig/cron v1.2.0
