import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertSupportedNode } from './node-version';

const engines = (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
const [major, minor, patch] = engines.replace(/^>=\s*/, '').split('.').map(Number);

describe('assertSupportedNode', () => {
  it('accepts the minimum in engines and anything newer', () => {
    expect(() => assertSupportedNode(`${major}.${minor}.${patch}`)).not.toThrow();
    expect(() => assertSupportedNode(`${major}.${minor + 1}.0`)).not.toThrow();
    expect(() => assertSupportedNode(`${major + 2}.0.0`)).not.toThrow();
  });

  it('refuses an older Node.js with one sentence naming both versions', () => {
    expect(() => assertSupportedNode('20.20.2')).toThrow(`kfp needs Node.js ${major}.${minor}.${patch} or newer, but this is Node.js 20.20.2.`);
  });
});
