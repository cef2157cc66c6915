import { corpus } from './corpus';

// Both robfig-corpus specs (plugin and emulator) hold their parser to this corpus.
test('the corpus has both accepted and rejected expressions', () => {
  expect(corpus.records.length).toBeGreaterThan(300);
  expect(corpus.records.filter((r) => r.ok).length).toBeGreaterThan(100);
  expect(corpus.records.filter((r) => !r.ok).length).toBeGreaterThan(100);
});
