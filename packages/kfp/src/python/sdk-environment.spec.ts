import { readFileSync } from 'node:fs';
import { SDK_ENVIRONMENTS, sdkOfKfpVersion } from './sdk-environment';

test.each(Object.values(SDK_ENVIRONMENTS))('the $sdk pin named in messages is the one its shipped requirements file pins', ({ kfpPin, kfpMajor, shippedRequirements }) => {
  const pinned = readFileSync(shippedRequirements, 'utf8').match(/^kfp==\S+$/m)?.[0];
  expect(pinned).toBe(kfpPin);
  expect(sdkOfKfpVersion(kfpPin.replace('kfp==', ''))).toBe(kfpMajor === 1 ? 'v1' : 'v2');
});

test('a kfp version maps to the SDK it compiles for', () => {
  expect(sdkOfKfpVersion('1.8.22')).toBe('v1');
  expect(sdkOfKfpVersion('2.14.3')).toBe('v2');
  expect(sdkOfKfpVersion('3.0.0')).toBeUndefined();
  expect(sdkOfKfpVersion('unknown')).toBeUndefined();
});
