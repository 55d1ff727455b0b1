// The public types of a published package, as a report a reviewer can read in a diff and a
// check can classify: one line per export and per member, read by the TypeScript compiler
// from the package's built `.d.ts` files (what a consumer's `tsc` sees), re-exports resolved
// to what they are. Types an export reaches (a property's type, a parameter's) are reported
// too, under `reaches`, so a change to `Model` is a change to `@comput3/core`, which
// re-exports it, and to every type that mentions it.
//
// The idea is api-extractor's API report; a compiler walk is used instead because
// api-extractor's report is a text to diff, where this one also has to say which changes break.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const FORMAT = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.WriteArrowStyleSignature;

/** The `.d.ts` of each entry point a package's `exports` names (the ESM types), by subpath. */
function entryPoints(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const entries = {};
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    const types = target?.import?.types ?? target?.node?.import?.types;
    if (types) entries[subpath] = join(dir, types);
  }
  return entries;
}

/** Where a declaration comes from: a package of ours (walked), or anything else (named only). */
const ours = (file) =>
  !/node_modules\/(?!@comput3\/)|\/typescript\/lib\//.test(file.replaceAll('\\', '/'));

/**
 * The report of a package: `{ lines: string[] }`, sorted, each `KEY: VALUE`. Keys are
 * `export <entry> <Name>` for an export, `<Name>.<member>` for a member of a type, and
 * `<Name>` for a type's own shape (an alias, a function's signatures).
 */
export function apiReport(dir) {
  const entries = entryPoints(dir);
  const program = ts.createProgram(Object.values(entries), {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const lines = new Set();
  const seen = new Set();
  const queue = [];
  const text = (type) => checker.typeToString(type, undefined, FORMAT);

  const resolved = (symbol) =>
    symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;

  /** Queues the named types of ours that a type mentions, for their own lines. */
  function reach(type, depth = 0) {
    if (!type || depth > 6) return;
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const declaration = symbol?.declarations?.[0];
    if (
      symbol &&
      declaration &&
      ours(declaration.getSourceFile().fileName) &&
      symbol.flags &
        (ts.SymbolFlags.Interface |
          ts.SymbolFlags.Class |
          ts.SymbolFlags.TypeAlias |
          ts.SymbolFlags.Enum)
    ) {
      queue.push(symbol);
    }
    if (type.aliasTypeArguments) for (const t of type.aliasTypeArguments) reach(t, depth + 1);
    if (type.isUnionOrIntersection()) for (const t of type.types) reach(t, depth + 1);
    if (type.flags & ts.TypeFlags.Object) {
      for (const t of checker.getTypeArguments?.(type) ?? []) reach(t, depth + 1);
      if (
        !symbol ||
        symbol.flags & ts.SymbolFlags.TypeLiteral ||
        symbol.flags & ts.SymbolFlags.ObjectLiteral
      ) {
        for (const property of checker.getPropertiesOfType(type))
          reach(checker.getTypeOfSymbol(property), depth + 1);
      }
      for (const signature of [...type.getCallSignatures(), ...type.getConstructSignatures()]) {
        for (const parameter of signature.getParameters())
          reach(checker.getTypeOfSymbol(parameter), depth + 1);
        reach(signature.getReturnType(), depth + 1);
      }
    }
  }

  /**
   * Marks the types of ours that users write values of (reached from a parameter), so that a
   * required member added to one of them is breaking (their code no longer compiles) while
   * one added to a type they only read (an answer, `paths`) is an addition. A class is given,
   * not written: its members are not walked.
   */
  const inputs = new Set();
  const inputSeen = new Set();
  function markInput(type, depth = 0) {
    if (!type || depth > 8 || inputSeen.has(type)) return;
    inputSeen.add(type);
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const declaration = symbol?.declarations?.[0];
    const own = declaration && ours(declaration.getSourceFile().fileName);
    if (own && symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias))
      inputs.add(symbol.getName());
    if (symbol && symbol.flags & ts.SymbolFlags.Class) return;
    if (type.aliasTypeArguments) for (const t of type.aliasTypeArguments) markInput(t, depth + 1);
    if (type.isUnionOrIntersection()) for (const t of type.types) markInput(t, depth + 1);
    if (type.flags & ts.TypeFlags.Object) {
      // Array<T>, Promise<T>, Record<K, V>: what is written is the arguments.
      for (const t of checker.getTypeArguments?.(type) ?? []) markInput(t, depth + 1);
      // A callback's parameters are what the library gives: not walked (contravariance).
      if (!declaration || own)
        for (const property of checker.getPropertiesOfType(type))
          markInput(checker.getTypeOfSymbol(property), depth + 1);
    }
  }

  /** A type written inline, `{ a: string }`: reported member by member, not as one text. */
  const isLiteral = (type) =>
    Boolean(type.getSymbol()?.flags & ts.SymbolFlags.TypeLiteral) &&
    !type.aliasSymbol &&
    type.getCallSignatures().length === 0;

  function members(name, type, depth = 0) {
    for (const property of checker.getPropertiesOfType(type)) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      const modifiers = declaration ? ts.getCombinedModifierFlags(declaration) : 0;
      if (modifiers & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
      if (property.getName().startsWith('#') || property.getName().startsWith('__@')) continue;
      const optional = property.flags & ts.SymbolFlags.Optional ? '?' : '';
      const propertyType = checker.getTypeOfSymbol(property);
      const key = `${name}.${property.getName()}`;
      // An inline object type (`components.schemas`, `Comput3.chat`) is listed member by
      // member, so a member it gains is an addition, not a change to one long line.
      if (depth < 4 && isLiteral(propertyType)) {
        lines.add(`${key}${optional}: {…}`);
        members(key, propertyType, depth + 1);
        continue;
      }
      lines.add(`${key}${optional}: ${text(propertyType)}`);
      reach(propertyType);
    }
    for (const signature of type.getCallSignatures())
      lines.add(`${name}(): ${checker.signatureToString(signature, undefined, FORMAT)}`);
    const index = checker.getIndexInfosOfType(type);
    for (const info of index) lines.add(`${name}[${text(info.keyType)}]: ${text(info.type)}`);
  }

  function describe(symbol) {
    const name = symbol.getName();
    if (seen.has(symbol)) return;
    seen.add(symbol);
    if (symbol.flags & ts.SymbolFlags.Class) {
      const instance = checker.getDeclaredTypeOfSymbol(symbol);
      const statics = checker.getTypeOfSymbol(symbol);
      for (const signature of statics.getConstructSignatures()) {
        lines.add(
          `${name}.constructor: ${checker.signatureToString(signature, undefined, FORMAT)}`,
        );
        for (const parameter of signature.getParameters()) {
          reach(checker.getTypeOfSymbol(parameter));
          markInput(checker.getTypeOfSymbol(parameter));
        }
      }
      for (const base of instance.getBaseTypes?.() ?? [])
        lines.add(`${name} extends: ${text(base)}`);
      members(name, instance);
      // What its methods take is written by users.
      for (const property of checker.getPropertiesOfType(instance))
        for (const signature of checker.getTypeOfSymbol(property).getCallSignatures())
          for (const parameter of signature.getParameters())
            markInput(checker.getTypeOfSymbol(parameter));
      for (const property of checker.getPropertiesOfType(statics)) {
        if (property.getName() === 'prototype') continue;
        lines.add(
          `${name}.static ${property.getName()}: ${text(checker.getTypeOfSymbol(property))}`,
        );
      }
    } else if (symbol.flags & ts.SymbolFlags.Interface) {
      const type = checker.getDeclaredTypeOfSymbol(symbol);
      for (const base of type.getBaseTypes?.() ?? []) reach(base);
      members(name, type);
    } else if (symbol.flags & ts.SymbolFlags.TypeAlias) {
      const type = checker.getDeclaredTypeOfSymbol(symbol);
      const declaration = symbol.declarations[0];
      // An object type is reported member by member; anything else (a union, a mapped or
      // conditional type) by the text of its declaration.
      if (declaration.type && ts.isTypeLiteralNode(declaration.type)) members(name, type);
      else
        lines.add(
          `${name}: ${declaration.type ? declaration.type.getText().replace(/\s+/g, ' ') : text(type)}`,
        );
      reach(type);
    } else if (symbol.flags & ts.SymbolFlags.Function) {
      const type = checker.getTypeOfSymbol(symbol);
      for (const signature of type.getCallSignatures()) {
        lines.add(`${name}(): ${checker.signatureToString(signature, undefined, FORMAT)}`);
        for (const parameter of signature.getParameters()) {
          reach(checker.getTypeOfSymbol(parameter));
          markInput(checker.getTypeOfSymbol(parameter));
        }
        reach(signature.getReturnType());
      }
    } else if (symbol.flags & ts.SymbolFlags.Variable) {
      const type = checker.getTypeOfSymbol(symbol);
      lines.add(`${name}: ${text(type)}`);
      reach(type);
    } else if (symbol.flags & ts.SymbolFlags.Enum) {
      for (const member of checker.getExportsOfModule(symbol))
        lines.add(`${name}.${member.getName()}`);
    }
  }

  for (const [subpath, file] of Object.entries(entries)) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`api-report: ${file} was not built: run \`pnpm build\` first.`);
    const module = checker.getSymbolAtLocation(source);
    for (const exported of module ? checker.getExportsOfModule(module) : []) {
      const symbol = resolved(exported);
      const kind =
        symbol.flags & ts.SymbolFlags.Class
          ? 'class'
          : symbol.flags & ts.SymbolFlags.Interface
            ? 'interface'
            : symbol.flags & ts.SymbolFlags.TypeAlias
              ? 'type'
              : symbol.flags & ts.SymbolFlags.Function
                ? 'function'
                : 'const';
      lines.add(`export ${subpath} ${exported.getName()}: ${kind} ${symbol.getName()}`);
      queue.push(symbol);
    }
  }
  while (queue.length) describe(queue.shift());
  for (const name of inputs) lines.add(`${name} (input)`);
  return { lines: [...lines].sort() };
}

/** The report as the file committed beside the package. */
export const reportText = (name, report) =>
  `# The public types of ${name}, read from its built .d.ts by scripts/api-report.mjs.\n# Do not edit: \`pnpm api-report\` writes it; \`pnpm check\` fails when it is stale, and\n# classifies each change to it since the last release (scripts/type-semver.mjs).\n${report.lines.join('\n')}\n`;

export const parseReport = (text) => ({
  lines: text.split('\n').filter((line) => line && !line.startsWith('#')),
});

const keyOf = (line) => {
  const at = line.indexOf(': ');
  return at === -1 ? line : line.slice(0, at);
};

/**
 * Each change between two reports, as `{ type: 'breaking' | 'addition', text }`. Breaking: an
 * export removed, a member removed, a member's type or optionality changed, a signature
 * changed, a required member added to a type users write (their object literals no longer
 * compile; see markInput). Additions:
 * an export, an optional member, a type. Conservative: what might break counts as breaking.
 */
export function classify(before, after) {
  const old = new Map(before.lines.map((line) => [keyOf(line).replace(/\?$/, ''), line]));
  const now = new Map(after.lines.map((line) => [keyOf(line).replace(/\?$/, ''), line]));
  const changes = [];
  // A type that is no longer reported at all has lost its last user: only its removal as an
  // export can break anyone, and that is reported on the export's line.
  const typesNow = new Set([...now.keys()].map((key) => key.split(/[.([ ]/)[0]));
  // Types users write values of (see markInput): a required member added to one breaks them.
  const inputsNow = new Set(
    after.lines.filter((l) => l.endsWith(' (input)')).map((l) => l.slice(0, -8)),
  );
  // Users call a class's members, they do not implement them: a member it gains breaks no one.
  const classes = new Set(
    [...now.keys()].filter((key) => key.endsWith('.constructor')).map((key) => key.split('.')[0]),
  );
  for (const [key, line] of old) {
    if (now.has(key)) {
      if (now.get(key) !== line)
        changes.push({
          type: 'breaking',
          key,
          text: `${key} changed: \`${line}\` → \`${now.get(key)}\``,
        });
    } else if (key.startsWith('export ')) {
      changes.push({ type: 'breaking', key, text: `${key.slice(7)} is no longer exported` });
    } else if (typesNow.has(key.split(/[.([ ]/)[0])) {
      changes.push({ type: 'breaking', key, text: `${key} was removed (was \`${line}\`)` });
    }
  }
  for (const [key, line] of now) {
    if (old.has(key)) continue;
    const type = key.split(/[.([ ]/)[0];
    const isNewType = ![...old.keys()].some((k) => k.split(/[.([ ]/)[0] === type);
    const required =
      inputsNow.has(type) &&
      !key.startsWith('export ') &&
      !isNewType &&
      /^[^:]*\.[^.?:]+: /.test(line) &&
      !keyOf(line).endsWith('?') &&
      !classes.has(type);
    changes.push(
      required
        ? { type: 'breaking', key, text: `${key} was added as a required member` }
        : {
            type: 'addition',
            key,
            text: key.startsWith('export ') ? `${key.slice(7)} is exported` : `${key} was added`,
          },
    );
  }
  return changes;
}

/** The bump a set of changes needs at `version`: breaking is major (minor while 0.x). */
export function neededBump(changes, version) {
  const zero = version.startsWith('0.');
  if (changes.some((c) => c.type === 'breaking')) return zero ? 'minor' : 'major';
  if (changes.length) return zero ? 'patch' : 'minor';
  return undefined;
}
