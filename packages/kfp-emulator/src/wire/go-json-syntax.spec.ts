import { scanJsonValue } from './go-json-syntax';

describe('scanJsonValue (what encoding/json.Decoder reports)', () => {
  it.each([
    ['{"a":', 'unexpected EOF'],
    ['[1, 2', 'unexpected EOF'],
    ['"open', 'unexpected EOF'],
    ['{a: 1}', "invalid character 'a' looking for beginning of object key string"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a": 1 "b": 2}', "invalid character '\"' after object key:value pair"],
    ['[1 2]', "invalid character '2' after array element"],
    ['nul', 'unexpected EOF'],
    ['nope', "invalid character 'o' in literal null (expecting 'u')"],
    ['-x', "invalid character 'x' in numeric literal"],
    ['1.e5', "invalid character 'e' after decimal point in numeric literal"],
    ['"\\q"', "invalid character 'q' in string escape code"],
    ["'single'", "invalid character '\\'' looking for beginning of value"],
  ])('%j: %s', (text, error) => {
    expect(scanJsonValue(text)).toEqual({ error });
  });

  it('reads one value and ignores what follows; white space alone is empty', () => {
    const text = '  {"a": [1, 2.5e3, true, null, "x\\u00e9"]} garbage';
    expect(scanJsonValue(text)).toEqual({ end: text.indexOf(' garbage') });
    expect(scanJsonValue(' \n ')).toEqual({ empty: true });
  });
});
