// Copies what tsc does not: executor/generator schema.json files and generator
// templates, from each package's src/ into its dist/; and the repository's
// LICENSE into each package, so every packed tarball carries it.
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const packages = ['packages/kfp', 'packages/kfp-emulator'];
// Generator templates live in generators/<name>/files/ (src/files/ is code, compiled by tsc).
const isAsset = (path) => path.endsWith('schema.json') || /[\\/]generators[\\/][^\\/]+[\\/]files[\\/]/.test(path);

function walk(dir, visit) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) walk(path, visit);
    else visit(path);
  }
}

let copied = 0;
for (const pkg of packages) {
  cpSync('LICENSE', join(pkg, 'LICENSE'));
  copied++;
  const src = join(pkg, 'src');
  if (!existsSync(src)) continue;
  walk(src, (file) => {
    if (!isAsset(file)) return;
    cpSync(file, join(pkg, 'dist', relative(src, file)));
    copied++;
  });
}
console.log(`copied ${copied} asset files into dist/`);
