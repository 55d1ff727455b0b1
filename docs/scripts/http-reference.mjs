// The HTTP reference as pages of the site, written from the spec at build time (never edited,
// never committed: docs/http/ is ignored): an overview, a page per operation, and the schemas.
// Inside the site they have its navigation and search, and load as fast as any guide; Redoc's
// single page (2.5 MB) stays linked from the overview for those who want it.
//
// Written here rather than with an OpenAPI renderer for VitePress: those draw the reference in
// the browser with Vue components, so the site's search would not index it, and the spec is
// small (two operations, thirty schemas); this reads only the parts of OpenAPI 3.1 it uses.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

const SPEC = new URL('../../openapi/comput3.yaml', import.meta.url);
const OUT = new URL('../http/', import.meta.url);

/** The spec's own words, safe in a page: `<` and braces outside code spans are escaped. */
function prose(text = '') {
  return text
    .trim()
    .split(/(`[^`\n]*`)/)
    .map((part, i) =>
      i % 2 ? part : part.replace(/</g, '&lt;').replace(/{/g, '&#123;').replace(/}/g, '&#125;'),
    )
    .join('');
}
/** In a table cell: one line, and a `|` is not a column. */
const cell = (text = '') =>
  prose(text)
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|');

const anchor = (name) => name.toLowerCase();
const refName = (ref) => ref.split('/').at(-1);
const EXTENSION = '<Badge type="info" text="OpenAI-compatible extension" />';
const extension = (node) => (node?.['x-openai-compatible-extension'] ? ` ${EXTENSION}` : '');

/** A schema's type in words, with links to the schemas it names. */
function typeOf(schema, from = '.') {
  if (!schema) return 'any';
  if (schema.$ref)
    return `[${refName(schema.$ref)}](${from}/schemas#${anchor(refName(schema.$ref))})`;
  if ('const' in schema) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.enum) return schema.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  for (const key of ['oneOf', 'anyOf'])
    if (schema[key]) return schema[key].map((s) => typeOf(s, from)).join(' or ');
  const types = [schema.type ?? (schema.properties ? 'object' : 'any')].flat();
  return types
    .map((t) => (t === 'array' ? `array of ${typeOf(schema.items, from)}` : `\`${t}\``))
    .join(' or ');
}

/** Limits a field has, in words: minimum, maximum, length, pattern, default. */
function limits(s) {
  const said = [];
  if (s.minimum !== undefined) said.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined) said.push(`≤ ${s.maximum}`);
  if (s.minLength) said.push(`at least ${s.minLength} character${s.minLength > 1 ? 's' : ''}`);
  if (s.minItems) said.push(`at least ${s.minItems} item${s.minItems > 1 ? 's' : ''}`);
  if (s.pattern) said.push(`matches \`${s.pattern}\``);
  if (s.default !== undefined) said.push(`default \`${JSON.stringify(s.default)}\``);
  return said.length ? ` (${said.join(', ')})` : '';
}

/** An object's fields as a table: name, type, required, what it is. */
function fields(schema, from = '.') {
  const required = new Set(schema.required ?? []);
  const rows = Object.entries(schema.properties ?? {}).map(
    ([name, s]) =>
      `| \`${name}\` | ${typeOf(s, from)}${limits(s)} | ${required.has(name) ? 'yes' : ''} | ${cell(s.description)}${s['x-openai-compatible-extension'] ? ' *(OpenAI-compatible extension)*' : ''} |`,
  );
  return rows.length
    ? ['| Field | Type | Required | Description |', '| --- | --- | --- | --- |', ...rows].join('\n')
    : '';
}

const json = (value) => ['```json', JSON.stringify(value, null, 2), '```'].join('\n');
const slug = (operationId) => operationId.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function operationPage(spec, method, path, op) {
  const parts = [
    `# ${op.summary}${extension(op)}`,
    `\`${method.toUpperCase()} ${spec.servers[0].url}${path}\``,
    prose(op.description),
  ];
  const body = op.requestBody?.content?.['application/json'];
  if (body) {
    const name = refName(body.schema.$ref);
    const schema = spec.components.schemas[name];
    parts.push(
      '## Request body',
      `${prose(op.requestBody.description)}: a JSON [${name}](./schemas#${anchor(name)}).`,
      fields(schema),
    );
    for (const [, example] of Object.entries(body.examples ?? {}))
      parts.push(`**Example: ${prose(example.summary)}**`, json(example.value));
  }
  parts.push('## Responses', '| Status | Body | Description |', '| --- | --- | --- |');
  const examples = [];
  for (const [status, response] of Object.entries(op.responses)) {
    const r = response.$ref ? spec.components.responses[refName(response.$ref)] : response;
    const bodies = Object.entries(r.content ?? {}).map(
      ([type, media]) =>
        `${typeOf(media.schema)} (\`${type}\`)${extension(media) ? ' *(extension)*' : ''}`,
    );
    parts.push(`| ${status} | ${bodies.join('<br>') || '—'} | ${cell(r.description)} |`);
    for (const [, example] of Object.entries(r.content?.['application/json']?.examples ?? {}))
      examples.push(
        `**${status}${example.summary ? `: ${prose(example.summary)}` : ''}**`,
        json(example.value),
      );
  }
  if (examples.length) parts.push('### Examples', ...examples);
  const headers = Object.keys(op.responses['200']?.headers ?? {});
  if (headers.length)
    parts.push(
      `Every answer carries ${headers.map((h) => `\`${h}\``).join(', ')}: quote it when reporting a problem.`,
    );
  return `${parts.filter(Boolean).join('\n\n')}\n`;
}

function schemasPage(spec) {
  const parts = [
    '# Schemas',
    'Every object the API takes or answers with, as the spec defines it. Types link to their own schema.',
  ];
  for (const [name, s] of Object.entries(spec.components.schemas)) {
    parts.push(`## ${name}${extension(s)}`, prose(s.description));
    if (s.properties) parts.push(fields(s));
    else parts.push(`Type: ${typeOf(s)}${limits(s)}`);
  }
  return `${parts.filter(Boolean).join('\n\n')}\n`;
}

function overviewPage(spec, operations) {
  const { info, servers, components } = spec;
  return `${[
    `# ${info.title}`,
    prose(info.summary),
    prose(info.description),
    '## Base URL',
    ...servers.map((s) => `\`${s.url}\`: ${prose(s.description)}`),
    '## Authentication',
    prose(components.securitySchemes.bearerAuth.description),
    '## Operations',
    '| Operation | Method and path | |',
    '| --- | --- | --- |',
    ...operations.map(
      (o) =>
        `| [${o.op.summary}](./${slug(o.op.operationId)}) | \`${o.method.toUpperCase()} ${o.path}\` | ${o.op['x-openai-compatible-extension'] ? 'OpenAI-compatible extension' : 'on the published page'} |`,
    ),
    'The [schemas](./schemas) page has every object they take and answer with. The same reference is also [one page drawn by Redoc](../http-api/index.html){target="_self"} (2.5 MB).',
  ]
    .filter(Boolean)
    .join('\n\n')}\n`;
}

/** Writes the pages; returns the sidebar entries for them. */
export function httpReference() {
  const spec = parse(readFileSync(SPEC, 'utf8'));
  const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, op })),
  );
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  writeFileSync(new URL('index.md', OUT), overviewPage(spec, operations));
  for (const { path, method, op } of operations)
    writeFileSync(
      new URL(`${slug(op.operationId)}.md`, OUT),
      operationPage(spec, method, path, op),
    );
  writeFileSync(new URL('schemas.md', OUT), schemasPage(spec));
  return [
    { text: 'Overview', link: '/http/' },
    ...operations.map(({ op }) => ({ text: op.summary, link: `/http/${slug(op.operationId)}` })),
    { text: 'Schemas', link: '/http/schemas' },
  ];
}
