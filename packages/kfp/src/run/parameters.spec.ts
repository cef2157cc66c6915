import type { SpecInput } from '../pipeline-spec/pipeline-spec';
import { parseParamOverrides, RunInputError, runParameters, typedRunParameters } from './parameters';

const inputs = [
  { name: 'message', optional: true, default: 'hi' },
  { name: 'epochs', optional: false },
  { name: 'tag', optional: true },
];

test('--param takes name=value, once or many times; values may contain =', () => {
  expect([...parseParamOverrides('a=1')]).toEqual([['a', '1']]);
  expect([...parseParamOverrides(['a=1', 'b=x=y', 'c='])]).toEqual([['a', '1'], ['b', 'x=y'], ['c', '']]);
  expect(parseParamOverrides(undefined).size).toBe(0);
  expect(() => parseParamOverrides('novalue')).toThrow(new RunInputError('--param "novalue" is not name=value.'));
  expect(() => parseParamOverrides('=x')).toThrow(RunInputError);
});

test('params/ defaults, overridden by --param', () => {
  const defaults = new Map([['message', 'from params\n'], ['epochs', '3']]);
  expect(runParameters(inputs, defaults, new Map())).toEqual({ message: 'from params\n', epochs: '3' });
  expect(runParameters(inputs, defaults, new Map([['epochs', '10'], ['tag', 'v2']]))).toEqual({ message: 'from params\n', epochs: '10', tag: 'v2' });
});

test('unknown names and missing required values are rejected', () => {
  expect(() => runParameters(inputs, new Map([['epochs', '1']]), new Map([['epoch', '2']]))).toThrow(
    'Unknown parameter epoch: the pipeline\'s parameters are message, epochs, tag.',
  );
  expect(() => runParameters(inputs, new Map(), new Map())).toThrow('Missing value for required parameter epochs: pass --param epochs=<value>.');
});

const specInputs: SpecInput[] = [
  { name: 'epochs', type: 'NUMBER_INTEGER', optional: true, default: 10 },
  { name: 'layers', type: 'LIST', optional: true, default: [64, 32] },
  { name: 'rate', type: 'NUMBER_DOUBLE', optional: false },
  { name: 'shuffle', type: 'BOOLEAN', optional: true, default: true },
];

test('v2: text values become the IR types; parameters without a value stay out', () => {
  expect(typedRunParameters(specInputs, { epochs: '3', layers: '[1, 2]', rate: '0.5' })).toEqual({ epochs: 3, layers: [1, 2], rate: 0.5 });
  expect(typedRunParameters(specInputs, { shuffle: 'false', rate: '1e-3' })).toEqual({ shuffle: false, rate: 0.001 });
});

test('v2: every value that does not fit is reported at once', () => {
  const fail = () => typedRunParameters(specInputs, { epochs: '2.5', layers: '64', rate: 'fast', shuffle: 'yes' });
  expect(fail).toThrow(RunInputError);
  expect(fail).toThrow(/values do not fit[^]*epochs is an integer[^]*layers is a list[^]*rate is a number[^]*shuffle is a boolean/);
});
