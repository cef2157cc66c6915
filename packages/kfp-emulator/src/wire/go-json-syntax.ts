/**
 * The first JSON value of a request body, as Go's encoding/json Decoder reads it for grpc-gateway:
 * `empty` for nothing but white space (io.EOF, which the generated handlers ignore); else the end of
 * the first value (Decode reads one value and never looks at what follows), or the error text the
 * gateway passes on: "unexpected EOF" for a truncated value, else the scanner's "invalid character
 * 'x' <where>".
 */
export type JsonScan = { empty: true } | { end: number } | { error: string };

export function scanJsonValue(text: string): JsonScan {
  const scanner = new Scanner(text);
  scanner.skipSpace();
  if (scanner.atEnd()) return { empty: true };
  try {
    scanner.value();
    return { end: scanner.position };
  } catch (error) {
    if (error instanceof SyntaxProblem) return { error: error.message };
    throw error;
  }
}

class SyntaxProblem extends Error {}

class Scanner {
  private i = 0;

  constructor(private readonly s: string) {}

  get position(): number {
    return this.i;
  }

  atEnd(): boolean {
    return this.i >= this.s.length;
  }

  skipSpace(): void {
    while (!this.atEnd() && ' \t\r\n'.includes(this.s[this.i])) this.i++;
  }

  value(): void {
    this.skipSpace();
    const c = this.peek();
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const literal of ['true', 'false', 'null']) if (c === literal[0]) return this.literal(literal);
    throw this.invalid(c, 'looking for beginning of value');
  }

  private object(): void {
    this.i++;
    this.skipSpace();
    if (this.peek() === '}') {
      this.i++;
      return;
    }
    for (;;) {
      this.skipSpace();
      const c = this.peek();
      if (c !== '"') throw this.invalid(c, 'looking for beginning of object key string');
      this.string();
      this.skipSpace();
      const colon = this.peek();
      if (colon !== ':') throw this.invalid(colon, 'after object key');
      this.i++;
      this.value();
      this.skipSpace();
      const next = this.peek();
      this.i++;
      if (next === '}') return;
      if (next !== ',') throw this.invalid(next, 'after object key:value pair');
    }
  }

  private array(): void {
    this.i++;
    this.skipSpace();
    if (this.peek() === ']') {
      this.i++;
      return;
    }
    for (;;) {
      this.value();
      this.skipSpace();
      const next = this.peek();
      this.i++;
      if (next === ']') return;
      if (next !== ',') throw this.invalid(next, 'after array element');
    }
  }

  private string(): void {
    this.i++;
    for (;;) {
      const c = this.peek();
      this.i++;
      if (c === '"') return;
      if (c < ' ') throw this.invalid(c, 'in string literal');
      if (c === '\\') {
        const escape = this.peek();
        this.i++;
        if (escape === 'u') {
          for (let k = 0; k < 4; k++) {
            const h = this.peek();
            if (!/[0-9a-fA-F]/.test(h)) throw this.invalid(h, 'in \\u hexadecimal character escape');
            this.i++;
          }
        } else if (!'"\\/bfnrt'.includes(escape)) {
          throw this.invalid(escape, 'in string escape code');
        }
      }
    }
  }

  private number(): void {
    if (this.s[this.i] === '-') this.i++;
    const first = this.peek();
    if (first === '0') this.i++;
    else if (first >= '1' && first <= '9') this.digits();
    else throw this.invalid(first, 'in numeric literal');
    if (this.s[this.i] === '.') {
      this.i++;
      const d = this.peek();
      if (!(d >= '0' && d <= '9')) throw this.invalid(d, 'after decimal point in numeric literal');
      this.digits();
    }
    if (this.s[this.i] === 'e' || this.s[this.i] === 'E') {
      this.i++;
      if (this.s[this.i] === '+' || this.s[this.i] === '-') this.i++;
      const d = this.peek();
      if (!(d >= '0' && d <= '9')) throw this.invalid(d, 'in exponent of numeric literal');
      this.digits();
    }
  }

  private digits(): void {
    while (!this.atEnd() && this.s[this.i] >= '0' && this.s[this.i] <= '9') this.i++;
  }

  private literal(word: string): void {
    for (let k = 0; k < word.length; k++) {
      const c = this.peek();
      if (c !== word[k]) throw this.invalid(c, `in literal ${word} (expecting '${word[k]}')`);
      this.i++;
    }
  }

  /** The next character; running out of input inside a value is io.ErrUnexpectedEOF. */
  private peek(): string {
    if (this.atEnd()) throw new SyntaxProblem('unexpected EOF');
    return this.s[this.i];
  }

  private invalid(c: string, where: string): SyntaxProblem {
    return new SyntaxProblem(`invalid character ${quoteChar(c)} ${where}`);
  }
}

/** encoding/json's quoteChar: '\'' for a quote, else strconv.Quote's escaping between single quotes. */
function quoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  const quoted = JSON.stringify(c);
  return `'${quoted.slice(1, -1)}'`;
}
