import { parseParamOverrides, RunInputError, runParameters } from './parameters';

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
