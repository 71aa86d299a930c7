// A subset of Shopify's search syntax (https://shopify.dev/docs/api/usage/search-syntax): terms are
// ANDed by default; OR, NOT / leading '-', parentheses, quoted values, field:value, comparators
// (field:>5, field:<=5), comma lists (status:active,draft) and a trailing '*' prefix wildcard.
// Unknown fields are ignored, as Shopify ignores filters it does not support for a resource.

export type Comparator = ":" | ">" | ">=" | "<" | "<=";

type Node =
  | { kind: "and" | "or"; children: Node[] }
  | { kind: "not"; child: Node }
  | { kind: "term"; field: string | null; op: Comparator; value: string };

export type FieldMatcher<T> = (item: T, op: Comparator, value: string) => boolean;

export interface SearchSpec<T> {
  fields: Record<string, FieldMatcher<T>>;
  freeText: (item: T, text: string) => boolean;
}

type Token = { type: "word"; text: string; quoted: boolean } | { type: "lparen" } | { type: "rparen" };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "(") {
      tokens.push({ type: "lparen" });
      i++;
      continue;
    }
    if (ch === ")") {
      tokens.push({ type: "rparen" });
      i++;
      continue;
    }
    // A word runs until whitespace or a paren, but quoted sections (also after "field:") may hold spaces.
    let text = "";
    let quoted = false;
    while (i < input.length && !/\s/.test(input[i]) && input[i] !== "(" && input[i] !== ")") {
      if (input[i] === '"' || input[i] === "'") {
        // Only a quote at the start makes the whole word a phrase; title:"a b" stays a field term.
        if (text === "") quoted = true;
        const quote = input[i++];
        while (i < input.length && input[i] !== quote) {
          if (input[i] === "\\" && i + 1 < input.length) i++;
          text += input[i++];
        }
        i++;
      } else {
        text += input[i++];
      }
    }
    tokens.push({ type: "word", text, quoted });
  }
  return tokens;
}

function parseTerm(text: string, quoted: boolean): Node {
  const colon = quoted ? -1 : text.indexOf(":");
  if (colon > 0) {
    const field = text.slice(0, colon).toLowerCase();
    let rest = text.slice(colon + 1);
    let op: Comparator = ":";
    for (const candidate of [">=", "<=", ">", "<"] as const) {
      if (rest.startsWith(candidate)) {
        op = candidate;
        rest = rest.slice(candidate.length);
        break;
      }
    }
    return { kind: "term", field, op, value: rest };
  }
  return { kind: "term", field: null, op: ":", value: text };
}

function parse(tokens: Token[]): Node {
  let pos = 0;
  const peekWord = (word: string) => {
    const t = tokens[pos];
    return t?.type === "word" && !t.quoted && t.text === word;
  };
  function parseOr(): Node {
    const children = [parseAnd()];
    while (peekWord("OR")) {
      pos++;
      children.push(parseAnd());
    }
    return children.length === 1 ? children[0] : { kind: "or", children };
  }
  function parseAnd(): Node {
    const children: Node[] = [];
    while (pos < tokens.length && tokens[pos].type !== "rparen" && !peekWord("OR")) {
      if (peekWord("AND")) {
        pos++;
        continue;
      }
      children.push(parseUnary());
    }
    return children.length === 1 ? children[0] : { kind: "and", children };
  }
  function parseUnary(): Node {
    const token = tokens[pos];
    if (token.type === "word" && !token.quoted && token.text === "NOT") {
      pos++;
      return { kind: "not", child: parseUnary() };
    }
    if (token.type === "lparen") {
      pos++;
      const inner = parseOr();
      if (tokens[pos]?.type === "rparen") pos++;
      return inner;
    }
    pos++;
    if (token.type === "rparen") return { kind: "and", children: [] };
    if (!token.quoted && token.text.startsWith("-") && token.text.length > 1) {
      return { kind: "not", child: parseTerm(token.text.slice(1), false) };
    }
    return parseTerm(token.text, token.quoted);
  }
  const tree = parseOr();
  return tree;
}

export function compileSearch<T>(query: string | null | undefined, spec: SearchSpec<T>): ((item: T) => boolean) | null {
  if (!query || !query.trim()) return null;
  const tree = parse(tokenize(query));
  const evaluate = (node: Node, item: T): boolean => {
    switch (node.kind) {
      case "and":
        return node.children.every((child) => evaluate(child, item));
      case "or":
        return node.children.some((child) => evaluate(child, item));
      case "not":
        return !evaluate(node.child, item);
      case "term": {
        if (node.field === null) return node.value === "" || spec.freeText(item, node.value);
        const matcher = spec.fields[node.field];
        return matcher ? matcher(item, node.op, node.value) : true;
      }
    }
  };
  return (item) => evaluate(tree, item);
}

// ---- helpers for building field matchers ----

function values(value: string): string[] {
  return value
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
}

/** Case-insensitive "contains" (Shopify's text fields match words anywhere in the value). */
export function textMatch(actual: string | null | undefined, value: string): boolean {
  if (actual == null) return false;
  const needle = value.replace(/\*$/, "").toLowerCase();
  return actual.toLowerCase().includes(needle);
}

/** Case-insensitive exact match against any comma-listed value; a trailing '*' makes it a prefix. */
export function exactMatch(actual: string | null | undefined, value: string): boolean {
  if (actual == null) return false;
  const a = actual.toLowerCase();
  return values(value).some((v) => {
    const lower = v.toLowerCase();
    return lower.endsWith("*") ? a.startsWith(lower.slice(0, -1)) : a === lower;
  });
}

export function numberMatch(actual: number, op: Comparator, value: string): boolean {
  const n = Number(value);
  if (!Number.isFinite(n)) return false;
  switch (op) {
    case ":":
      return actual === n;
    case ">":
      return actual > n;
    case ">=":
      return actual >= n;
    case "<":
      return actual < n;
    case "<=":
      return actual <= n;
  }
}

/** Matches an id given as a number or gid, with comparators for ranges. */
export function idMatch(actual: number, op: Comparator, value: string): boolean {
  const numeric = /(\d+)(?:\?.*)?$/.exec(value)?.[1];
  return numeric !== undefined && numberMatch(actual, op, numeric);
}

export function dateMatch(actualMs: number, op: Comparator, value: string): boolean {
  const target = value === "now" ? Date.now() : Date.parse(value);
  if (!Number.isFinite(target)) return false;
  return numberMatch(actualMs, op, String(target));
}
