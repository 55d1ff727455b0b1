// What an editor shows on hover (tsserver's quick info, through the same language service):
// the API's own names and the spec's descriptions as documentation, not the generator's
// `components["schemas"]["…"]` nor `@description` tags. Reads the built types, as users get them.
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { expect, test } from 'vitest';

const file = fileURLToPath(new URL('./hover-example.ts', import.meta.url));
const source = `import { Comput3 } from '@comput3/core';
const client = new Comput3();
const done = await client.chat.completions.create({ model: 'kimi-k2', messages: [] });
done.choices[0]!.message.content;
done.created;
for await (const chunk of await client.chat.completions.create({ model: 'kimi-k2', messages: [], stream: true })) chunk.choices;
`;

function hover(word: string, nth = 0) {
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.asynciterable.d.ts'],
  };
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [file],
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) =>
      name === file
        ? ts.ScriptSnapshot.fromString(source)
        : ts.sys.fileExists(name)
          ? ts.ScriptSnapshot.fromString(ts.sys.readFile(name)!)
          : undefined,
    getCurrentDirectory: () => process.cwd(),
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (name) => name === file || ts.sys.fileExists(name),
    readFile: (name) => (name === file ? source : ts.sys.readFile(name)),
  };
  const service = ts.createLanguageService(host);
  let at = -1;
  for (let i = 0; i <= nth; i++) at = source.indexOf(word, at + 1);
  const info = service.getQuickInfoAtPosition(file, at)!;
  return {
    shown: ts.displayPartsToString(info.displayParts),
    docs: ts.displayPartsToString(info.documentation),
    tags: (info.tags ?? []).map((t) => t.name),
  };
}

test('a completion is a ChatCompletion, its fields named and documented', () => {
  expect(hover('done').shown).toBe('const done: ChatCompletionResult');
  const choices = hover('choices');
  expect(choices.shown).toBe('(property) ChatCompletion.choices: ChatCompletionChoice[]');
  const message = hover('message', 1);
  expect(message.shown).toBe('(property) ChatCompletionChoice.message: AssistantMessage');
  const created = hover('created');
  expect(created.docs).toBe('Unix time in seconds.');
  expect(created.tags).not.toContain('description');
});

test('a chunk is a ChatCompletionChunk', () => {
  expect(hover('chunk').shown).toBe('const chunk: ChatCompletionChunk');
  expect(hover('choices', 1).shown).toBe(
    '(property) ChatCompletionChunk.choices: ChatCompletionChunkChoice[]',
  );
});
