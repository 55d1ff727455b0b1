/**
 * `--template 'Classify: {{text}}'`: a prompt made from a line's fields. A field is named by
 * letters, digits, `_`, `-` and dots for nested fields (`{{ticket.subject}}`); only a line's
 * own fields are read (never `constructor` or `__proto__` from a prototype). A value that is
 * not a string is written as JSON. One pass over the template, so a hostile one costs what its
 * length does.
 */
export interface Template {
  /** The fields it names, in order, each once. */
  fields: string[];
  /** The prompt for one line; throws naming the first field the line lacks. */
  render(line: Record<string, unknown>): string;
}

const FIELD = /\{\{\s*([\w.-]{1,200})\s*\}\}/g;

/**
 * Reads a template once, for every line: throws when it names no field.
 *
 * ```ts
 * parseTemplate('Classify as bug or question: {{text}}').render({ text: 'It crashes' });
 * ```
 */
export function parseTemplate(text: string): Template {
  const parts: (string | { field: string })[] = [];
  let at = 0;
  for (const match of text.matchAll(FIELD)) {
    parts.push(text.slice(at, match.index), { field: match[1]! });
    at = match.index + match[0].length;
  }
  parts.push(text.slice(at));
  const fields = [...new Set(parts.flatMap((p) => (typeof p === 'string' ? [] : [p.field])))];
  if (!fields.length) {
    throw new Error(
      `The template names no field: write one as {{name}}, e.g. --template 'Classify: {{text}}'.`,
    );
  }
  return {
    fields,
    render(line) {
      let out = '';
      for (const part of parts) {
        if (typeof part === 'string') {
          out += part;
          continue;
        }
        const value = fieldOf(line, part.field);
        if (value === undefined || value === null) {
          throw new Error(`has no field "${part.field}", which the template names`);
        }
        out += typeof value === 'string' ? value : JSON.stringify(value);
      }
      return out;
    },
  };
}

/** A field of a line by its dotted name, own properties only. */
function fieldOf(line: unknown, name: string): unknown {
  let value = line;
  for (const key of name.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
