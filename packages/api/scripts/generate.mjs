// Regenerates src/generated/ from openapi/comput3.yaml. Deterministic: the same spec gives
// byte-identical output, which is what the CI drift check relies on.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import openapiTS, { astToString, STRING, tsIntersection, tsUnion } from 'openapi-typescript';
import ts from 'typescript';
import { parse } from 'yaml';

const specURL = new URL('../../../openapi/comput3.yaml', import.meta.url);
const outDir = new URL('../src/generated/', import.meta.url);

const banner = `/**
 * This file was generated from openapi/comput3.yaml by packages/api/scripts/generate.mjs.
 * Do not edit it by hand: change the spec and run \`pnpm generate\`.
 */
`;

const spec = parse(await readFile(specURL, 'utf8'));

/**
 * An "open enum" (`anyOf: [<enum>, {type: string}]`, as ModelId and FinishReason are) would
 * collapse to plain `string` and lose editor completion. `Known | (string & {})` keeps both:
 * the known values autocomplete and any other string is still accepted.
 */
function openEnum(schema) {
  const variants = schema.anyOf;
  if (!Array.isArray(variants) || variants.length !== 2) return undefined;
  const isPlainString = (s) => s.type === 'string' && !s.enum && !s.$ref;
  const known = variants.find((s) => !isPlainString(s));
  if (!known || !variants.some(isPlainString)) return undefined;
  const knownType = known.$ref
    ? ts.factory.createIndexedAccessTypeNode(
        ts.factory.createIndexedAccessTypeNode(
          ts.factory.createTypeReferenceNode('components'),
          ts.factory.createLiteralTypeNode(ts.factory.createStringLiteral('schemas')),
        ),
        ts.factory.createLiteralTypeNode(
          ts.factory.createStringLiteral(known.$ref.split('/').pop()),
        ),
      )
    : tsUnion(
        known.enum.map((v) => ts.factory.createLiteralTypeNode(ts.factory.createStringLiteral(v))),
      );
  return tsUnion([knownType, tsIntersection([STRING, ts.factory.createTypeLiteralNode([])])]);
}

/**
 * Every schema as a named, exported type (`export interface ChatCompletion`), referenced by its
 * name everywhere (`choices: ChatCompletionChoice[]`), so that an editor's hover shows the API's
 * names rather than `components["schemas"]["ChatCompletionChoice"][]`. `components.schemas`
 * keeps every name, pointing at the named type, for code written against it.
 */
function namedSchemas(nodes) {
  const f = ts.factory;
  const isSchemaRef = (node) =>
    ts.isIndexedAccessTypeNode(node) &&
    ts.isIndexedAccessTypeNode(node.objectType) &&
    ts.isTypeReferenceNode(node.objectType.objectType) &&
    node.objectType.objectType.typeName.text === 'components' &&
    ts.isLiteralTypeNode(node.objectType.indexType) &&
    node.objectType.indexType.literal.text === 'schemas' &&
    ts.isLiteralTypeNode(node.indexType);
  const byName = (node) => {
    const visit = (n) =>
      isSchemaRef(n)
        ? f.createTypeReferenceNode(n.indexType.literal.text)
        : ts.visitEachChild(n, visit, ts.nullTransformationContext);
    return visit(node);
  };
  const components = nodes.find(
    (n) => ts.isInterfaceDeclaration(n) && n.name.text === 'components',
  );
  const schemas = components.members.find((m) => m.name?.text === 'schemas');
  const named = schemas.type.members.map((member) => {
    const name = member.name.text;
    const type = byName(member.type);
    const declaration = ts.isTypeLiteralNode(type)
      ? f.createInterfaceDeclaration(
          [f.createModifier(ts.SyntaxKind.ExportKeyword)],
          name,
          undefined,
          undefined,
          type.members,
        )
      : f.createTypeAliasDeclaration(
          [f.createModifier(ts.SyntaxKind.ExportKeyword)],
          name,
          undefined,
          type,
        );
    ts.setSyntheticLeadingComments(declaration, ts.getSyntheticLeadingComments(member));
    return declaration;
  });
  const pointers = schemas.type.members.map((member) => {
    const pointer = f.updatePropertySignature(
      member,
      member.modifiers,
      member.name,
      member.questionToken,
      f.createTypeReferenceNode(member.name.text),
    );
    ts.setSyntheticLeadingComments(pointer, undefined);
    return pointer;
  });
  const rest = nodes.map((node) => {
    if (node !== components) return byName(node);
    return f.updateInterfaceDeclaration(
      node,
      node.modifiers,
      node.name,
      node.typeParameters,
      node.heritageClauses,
      node.members.map((m) =>
        m === schemas
          ? f.updatePropertySignature(
              m,
              m.modifiers,
              m.name,
              m.questionToken,
              f.createTypeLiteralNode(pointers),
            )
          : byName(m),
      ),
    );
  });
  return [...rest, ...named];
}

const RAW_MAPS = {
  paths:
    "Every path and method of the spec, as openapi-fetch's `createClient<paths>()` reads them. Each schema is documented by its own name (`ChatCompletion`, …); each operation in the HTTP reference.",
  components:
    'The spec\'s `components`: `components["schemas"]["ChatCompletion"]` is `ChatCompletion`, for code written against the raw names.',
  operations:
    'Every operation of the spec by its `operationId`, with its parameters, body and responses.',
};

const schemaTs = astToString(
  namedSchemas(
    await openapiTS(spec, { alphabetize: false, defaultNonNullable: false, transform: openEnum }),
  ),
)
  // A description is the documentation itself: as a tag, editors show it as "@description …".
  .replace(/(\/\*\*|^\s*\*) @description /gm, '$1 ')
  // Empty maps this spec never fills: left out so that `export type *` exports only real names.
  .replace(/^export type (webhooks|\$defs) = Record<string, never>;\n/gm, '')
  // openapi-typescript's three maps, which openapi-fetch reads: said once what they are.
  .replace(
    /^export interface (paths|components|operations) \{/gm,
    (line, name) => `/** ${RAW_MAPS[name]} */\n${line}`,
  );

const knownModels = spec.components?.schemas?.KnownModelId?.enum;
if (!Array.isArray(knownModels) || knownModels.length === 0) {
  throw new Error(
    'openapi/comput3.yaml: components.schemas.KnownModelId.enum must list the documented model ids.',
  );
}
const roles = spec.components?.schemas?.Role?.enum;
if (!Array.isArray(roles) || roles.length === 0) {
  throw new Error(
    'openapi/comput3.yaml: components.schemas.Role.enum must list the message roles.',
  );
}
const baseURL = spec.servers?.[0]?.url;
if (typeof baseURL !== 'string') {
  throw new Error('openapi/comput3.yaml: servers[0].url must give the production base URL.');
}
const operations = operationsOf(spec);
const constantsTs = `/** The model ids the spec documents (components.schemas.KnownModelId), in the spec's order. */
export const KNOWN_MODELS = ${JSON.stringify(knownModels, null, 2)} as const;

/** The message roles (components.schemas.Role). */
export const ROLES = ${JSON.stringify(roles)} as const;

/** The production base URL (servers[0].url). */
export const DEFAULT_BASE_URL = ${JSON.stringify(baseURL)};

/** The spec's info.version. */
export const SPEC_VERSION = ${JSON.stringify(String(spec.info.version))};

/**
 * Every operation of the spec: \`"METHOD /path"\` → [operationId, the status of its success, the
 * schema of its JSON request body or 0 when it takes none]. The SDK's generic \`request()\` and
 * the mock's router read it.
 */
export const OPERATIONS: { readonly [route: string]: readonly [id: string, status: number, body: string | 0] } = ${JSON.stringify(Object.fromEntries(operations.map((o) => [o.route, [o.id, o.status, o.body ?? 0]])))};

/**
 * Each request body schema (by name) as compact rules, for checking a request before it is
 * sent (\`@comput3/core\`'s validate.ts reads them): t types (s string, i integer, n number,
 * b boolean, o object, a array, z null), e allowed values, g/l least/greatest, m least length
 * or items, p properties, r required, i items, h an example. Two levels deep; what rules do
 * not say (deeper fields, patterns, conditions between fields) is the server's to check.
 */
export const REQUEST_RULES: { readonly [schema: string]: Rule } = ${JSON.stringify(Object.fromEntries([...new Set(operations.map((o) => o.body).filter(Boolean))].map((name) => [name, rulesOf(spec, { $ref: `#/components/schemas/${name}` })])))};

/** One node of {@link REQUEST_RULES}. */
export interface Rule {
  /** The types allowed, one letter each: s string, i integer, n number, b boolean, o object, a array, z null. */
  readonly t?: string;
  /** The values allowed (\`enum\`, \`const\`). */
  readonly e?: readonly unknown[];
  /** The least number allowed (\`minimum\`). */
  readonly g?: number;
  /** The greatest number allowed (\`maximum\`). */
  readonly l?: number;
  /** The least length of a string, or number of items of an array (\`minLength\`, \`minItems\`). */
  readonly m?: number;
  /** The rules of an object's fields (\`properties\`). */
  readonly p?: { readonly [field: string]: Rule };
  /** The fields an object must have (\`required\`). */
  readonly r?: readonly string[];
  /** The rule of an array's items (\`items\`). */
  readonly i?: Rule;
  /** An example of a valid value, shown when an open enum is given a bad one. */
  readonly h?: string;
}
`;

/** Each operation as `{ route, id, status, body }`, in the spec's order; fails on what it cannot serve. */
function operationsOf(doc) {
  const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
  const found = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const where = `openapi/comput3.yaml: ${method.toUpperCase()} ${path}`;
      if (typeof op.operationId !== 'string') throw new Error(`${where} needs an operationId.`);
      const status = Object.keys(op.responses ?? {}).find((s) => /^2\d\d$/.test(s));
      if (!status) throw new Error(`${where} needs a 2xx response.`);
      const bodyRef = op.requestBody?.content?.['application/json']?.schema?.$ref;
      if (op.requestBody && !bodyRef)
        throw new Error(
          `${where}: a request body must be a $ref to components.schemas (application/json).`,
        );
      found.push({
        route: `${method.toUpperCase()} ${path}`,
        id: op.operationId,
        status: Number(status),
        body: bodyRef?.split('/').pop(),
      });
    }
  }
  return found;
}

/**
 * A schema as the compact rules of REQUEST_RULES (see its comment), with every $ref resolved.
 * The SDK ships them in its main entry (10 kB gzip at most), so they go two levels deep (the
 * request's fields, and the fields of each message, tool or option), and a choice between
 * shapes (`anyOf`) is checked by type alone: deeper and finer rules are the server's to check.
 */
function rulesOf(doc, schema, depth = 0) {
  if (schema.$ref) {
    const target = schema.$ref
      .split('/')
      .slice(1)
      .reduce((node, key) => node[key], doc);
    return rulesOf(doc, { ...target, ...schema, $ref: undefined }, depth);
  }
  const rule = {};
  const CODES = {
    string: 's',
    integer: 'i',
    number: 'n',
    boolean: 'b',
    object: 'o',
    array: 'a',
    null: 'z',
  };
  const types = [schema.type ?? []].flat();
  if (types.length) rule.t = types.map((t) => CODES[t]).join('');
  if (schema.const !== undefined) rule.e = [schema.const];
  if (schema.enum) rule.e = schema.enum;
  if (schema.minimum !== undefined) rule.g = schema.minimum;
  if (schema.maximum !== undefined) rule.l = schema.maximum;
  const least = schema.minLength ?? schema.minItems;
  if (least) rule.m = least;
  const any = schema.anyOf ?? schema.oneOf;
  if (any) {
    const branches = any.map((s) => rulesOf(doc, s, depth));
    // An open enum (known values, or any string): the general branch decides, and the first
    // known value is the example an error shows. Otherwise the value must have a branch's type.
    const open = branches.find((b) => b.t === 's' && !b.e && !b.p);
    const known = branches.find((b) => b.e);
    if (open && known && branches.length === 2) Object.assign(rule, open, { h: known.e[0] });
    else rule.t = [...new Set(branches.map((b) => b.t ?? '').join(''))].join('');
    return rule;
  }
  if (depth >= 2) return rule;
  if (schema.properties) {
    rule.p = Object.fromEntries(
      Object.entries(schema.properties).map(([k, v]) => [k, rulesOf(doc, v, depth + 1)]),
    );
  }
  if (schema.required?.length) rule.r = schema.required;
  if (schema.items) rule.i = rulesOf(doc, schema.items, depth); // an item is at its array's level
  return rule;
}

// The spec itself, as data, for consumers that validate against it at run time (the mock).
const specTs = `/** openapi/comput3.yaml as a JSON object. */
export const spec: { readonly [key: string]: unknown } = ${JSON.stringify(spec, null, 2)};
`;

const files = {
  'schema.ts': banner + schemaTs,
  'constants.ts': banner + constantsTs,
  'spec.ts': banner.replace(/ \*\/\n$/, ' *\n * @module spec\n */\n') + specTs,
};

if (process.argv.includes('--check')) {
  // The drift check (`pnpm check:generated`): the working tree against a fresh generation, so a
  // correct regeneration not yet staged passes, and a hand edit or a stale file fails by name.
  const stale = [];
  for (const [name, text] of Object.entries(files)) {
    const onDisk = await readFile(new URL(name, outDir), 'utf8').catch(() => undefined);
    if (onDisk !== text) stale.push(`packages/api/src/generated/${name}`);
  }
  const extra = (await readdir(outDir)).filter((name) => !(name in files));
  stale.push(...extra.map((name) => `packages/api/src/generated/${name} (not generated)`));
  if (stale.length) {
    console.error(
      `check:generated: these differ from what openapi/comput3.yaml generates:\n  ${stale.join('\n  ')}\nRun \`pnpm generate\` and commit the result; never edit them by hand.`,
    );
    process.exit(1);
  }
  console.log('check:generated: packages/api/src/generated/ is what the spec generates.');
} else {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await Promise.all(
    Object.entries(files).map(([name, text]) => writeFile(new URL(name, outDir), text)),
  );
  console.log(`generated ${new URL('.', outDir).pathname} from ${specURL.pathname}`);
}
