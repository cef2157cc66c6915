/** A small compiled-v1-style Argo Workflow with two parameters, enough for the API to accept runs and jobs. */
export function sampleWorkflow(name = 'sample-pipeline'): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      generateName: `${name}-`,
      annotations: {
        'pipelines.kubeflow.org/pipeline_spec': JSON.stringify({
          inputs: [
            { name: 'message', type: 'String' },
            { name: 'count', type: 'Integer', default: '1', optional: true },
          ],
          name,
        }),
      },
    },
    spec: {
      entrypoint: name,
      serviceAccountName: 'pipeline-runner',
      arguments: { parameters: [{ name: 'message' }, { name: 'count', value: '1' }] },
      templates: [
        {
          name,
          container: { image: 'python:3.9-slim', command: ['echo', '{{inputs.parameters.message}}'] },
          inputs: { parameters: [{ name: 'message' }, { name: 'count' }] },
        },
      ],
    },
  };
}
