import { KNOWN_MODELS } from '@comput3/core';
import { connect } from '../connect.js';
import type { Options } from '../options.js';
import { forName } from '../render/safe-output.js';
import { defaultModel } from '../storage/config.js';

const out = (line = ''): void => void process.stdout.write(`${line}\n`);

/** `comput3 models`: the spec's models, default marked; `--remote` asks the API. */
export async function runModels(options: Options): Promise<void> {
  const chosen = defaultModel();
  const known = new Set<string>(KNOWN_MODELS);
  const mark = (id: string) => (id === chosen ? '* ' : '  ');
  if (!options.remote) {
    for (const id of KNOWN_MODELS) out(`${mark(id)}${id}`);
    if (!known.has(chosen)) out(`* ${chosen}  (default from config; not in the spec)`);
    return;
  }
  const connection = await connect(options);
  try {
    const models = await connection.client.models.list();
    for (const m of models)
      out(`${mark(m.id)}${forName(m.id)}${known.has(m.id) ? '' : '  (not in the spec)'}`);
  } finally {
    await connection.close();
  }
}
