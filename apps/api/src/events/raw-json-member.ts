// The exact source text of one top-level member of a JSON object, so event `data` can be
// stored and delivered byte for byte as the producer sent it (key order, spacing, and numbers
// beyond double precision survive; JSON.parse + JSON.stringify would lose all three).
// The text must already be known to be valid JSON (the body parser parsed it). One linear
// pass without recursion; like JSON.parse, the last of repeated keys wins.
export function rawJsonMember(text: string, name: string): string | undefined {
  let at = skipSpace(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  if (text[at] !== "{") return undefined;
  at = skipSpace(text, at + 1);
  let found: string | undefined;
  while (at < text.length && text.charCodeAt(at) === QUOTE) {
    const keyEnd = endOfString(text, at);
    const key = text.slice(at, keyEnd);
    at = skipSpace(text, skipSpace(text, keyEnd) + 1);
    const valueEnd = endOfValue(text, at);
    if (key === `"${name}"` || (key.includes("\\") && JSON.parse(key) === name)) {
      found = text.slice(at, valueEnd);
    }
    at = skipSpace(text, valueEnd);
    if (text.charCodeAt(at) === COMMA) at = skipSpace(text, at + 1);
  }
  return found;
}

// The source text of each element of a JSON array (as returned by rawJsonMember), in order.
export function rawJsonArrayItems(text: string): string[] {
  let at = skipSpace(text, 0);
  if (text[at] !== "[") return [];
  at = skipSpace(text, at + 1);
  const items: string[] = [];
  while (at < text.length && text.charCodeAt(at) !== CLOSE_BRACKET) {
    const end = endOfValue(text, at);
    items.push(text.slice(at, end));
    at = skipSpace(text, end);
    if (text.charCodeAt(at) === COMMA) at = skipSpace(text, at + 1);
  }
  return items;
}

const SPACE = 0x20;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const TAB = 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

const isSpace = (code: number) => code === SPACE || code === NEWLINE || code === RETURN || code === TAB;

function skipSpace(text: string, from: number): number {
  let at = from;
  while (at < text.length && isSpace(text.charCodeAt(at))) at++;
  return at;
}

// `from` is at the opening quote; returns the index after the closing one: the next quote that
// an even run of backslashes (or none) precedes.
function endOfString(text: string, from: number): number {
  let at = from + 1;
  for (;;) {
    const quote = text.indexOf('"', at);
    if (quote === -1) return text.length;
    let slashes = 0;
    while (quote - slashes - 1 >= at && text.charCodeAt(quote - slashes - 1) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return quote + 1;
    at = quote + 1;
  }
}

function endOfValue(text: string, from: number): number {
  const first = text.charCodeAt(from);
  if (first === QUOTE) return endOfString(text, from);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    let at = from;
    while (at < text.length) {
      const code = text.charCodeAt(at);
      if (code === QUOTE) {
        at = endOfString(text, at);
        continue;
      }
      if (code === OPEN_BRACE || code === OPEN_BRACKET) depth++;
      else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return at + 1;
      }
      at++;
    }
    return at;
  }
  let at = from;
  for (; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET || isSpace(code)) break;
  }
  return at;
}
