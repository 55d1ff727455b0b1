import type { Call, Mock } from '../context.js';
import { answeredByFault } from '../leading-faults.js';
import { readBody } from '../read-request.js';
import { sendError } from '../respond.js';
import { PREFIX } from '../routes.js';
import { header } from '../context.js';
import {
  cassetteFile,
  readCassette,
  writeCassette,
  type Cassette,
  type Interaction,
} from './format.js';
import { findMatch, nearest, shownPair, type Asked, type MatchRules } from './match.js';
import { forward } from './record.js';
import { replay, type Pacing } from './replay.js';
import { scrubber, type Scrubber } from './scrub.js';

/**
 * What the mock does with a request, as Polly.JS names the modes: `replay` answers from the
 * cassette and fails loudly on a request it has no recording of (the default, and what CI
 * runs); `record` sends every request to the upstream and records the answers afresh;
 * `record-missing` replays what it has and records the rest; `passthrough` only forwards.
 */
export type CassetteMode = 'replay' | 'record' | 'record-missing' | 'passthrough';
const MODES: readonly CassetteMode[] = ['replay', 'record', 'record-missing', 'passthrough'];

/** The `cassettes` option of `startMockServer`. */
export interface CassetteOptions {
  /** The folder of the cassettes (one JSON file each). */
  dir: string;
  /**
   * Default `replay`. The `COMPUT3_CASSETTES` environment variable, when set, wins: CI sets
   * it to `replay` and nothing can record there.
   */
  mode?: CassetteMode;
  /** The real API to record from, e.g. `https://api.comput3.ai/v1` (all modes but replay). */
  upstream?: string;
  /** The cassette used until `useCassette()` names another. Default `default`. */
  cassette?: string;
  /** Which recording answers which request (see MatchRules). */
  match?: MatchRules;
  /** Streams replayed at the recorded pace, or as fast as the client reads (default). */
  pacing?: Pacing;
  /** Secrets to scrub beside the key each request is sent with (other tokens, a proxy's). */
  secrets?: readonly string[];
}

/** The cassettes a server plays or records. */
export interface CassettePlayer {
  readonly mode: CassetteMode;
  /** Switches to another cassette (a test's own); recording starts it afresh in `record`. */
  use(name: string): void;
  /** The cassette in use: its file, and the requests it had no recording for, each said in full. */
  readonly current: { name: string; file: string; misses: readonly string[] };
  /** Answers a request from the cassette, or the upstream. */
  handle(mock: Mock, call: Call): Promise<void>;
}

export function cassettePlayer(options: CassetteOptions): CassettePlayer {
  const fromEnv = process.env.COMPUT3_CASSETTES?.trim();
  const mode = (fromEnv || options.mode || 'replay') as CassetteMode;
  if (!MODES.includes(mode)) {
    throw new Error(
      `${fromEnv ? 'COMPUT3_CASSETTES' : 'cassettes.mode'} must be one of ${MODES.join(', ')}, got "${mode}".`,
    );
  }
  const upstream = options.upstream;
  if (mode !== 'replay' && !upstream) {
    throw new Error(
      `Cassette mode ${mode} sends requests to the real API: give cassettes.upstream (such as https://api.comput3.ai/v1).`,
    );
  }
  const rules = options.match ?? {};
  const pacing = options.pacing ?? 'none';
  /** One cassette's state: what is recorded, which recordings were used, what missed. */
  interface Tape {
    name: string;
    file: string;
    cassette: Cassette;
    used: Set<number>;
    misses: string[];
    /** `record` starts a cassette afresh on its first recording. */
    fresh: boolean;
  }
  const tapes = new Map<string, Tape>();
  const load = (name: string): Tape => {
    const file = cassetteFile(options.dir, name);
    const fresh = mode === 'record';
    const tape: Tape = {
      name,
      file,
      cassette: (!fresh && readCassette(file)) || { comput3Cassette: 1, interactions: [] },
      used: new Set(),
      misses: [],
      fresh,
    };
    tapes.set(name, tape);
    return tape;
  };
  let current = load(options.cassette ?? 'default');
  // A request may name its cassette (`x-mock-cassette`): a server in another process, shared.
  const tapeFor = (name: string | undefined) =>
    name === undefined ? current : (tapes.get(name) ?? load(name));

  const save = (tape: Tape, interaction: Interaction, scrub: Scrubber) => {
    if (tape.fresh) {
      tape.cassette = { comput3Cassette: 1, interactions: [] };
      tape.fresh = false;
    }
    // Only the new interaction is checked and encoded: the earlier ones were when they came.
    scrub.check(tape.file, interaction);
    tape.used.add(tape.cassette.interactions.push(interaction) - 1);
    writeCassette(tape.file, tape.cassette);
  };

  return {
    mode,
    use(name) {
      current = load(name);
    },
    get current() {
      return { name: current.name, file: current.file, misses: current.misses };
    },
    async handle(mock, call) {
      const { req, res } = call;
      const body = await readBody(req, res, mock.maxBodyBytes);
      if (body === undefined) return;
      if (await answeredByFault(mock, call)) return;
      const named = header(req, 'x-mock-cassette');
      const tape = tapeFor(named?.trim() || undefined);
      const raw = Buffer.from(body);
      let parsed: unknown;
      try {
        parsed = body ? JSON.parse(body) : undefined;
      } catch {
        parsed = body; // compared as text
      }
      const path = (req.url ?? '/').split('?', 1)[0]!.slice(PREFIX.length);
      const asked: Asked = { method: req.method ?? 'GET', path, body: parsed };
      if (mode !== 'record' && mode !== 'passthrough') {
        const found = findMatch(tape.cassette, asked, tape.used, rules);
        if (found !== undefined) {
          tape.used.add(found);
          const interaction = tape.cassette.interactions[found]!;
          call.entry.stream = interaction.response.events !== undefined;
          await replay(res, interaction, pacing, call.entry.fault, mock.sleep);
          return;
        }
        if (mode === 'replay') {
          const miss = missed(tape.name, tape.file, tape.cassette, asked, rules);
          tape.misses.push(miss.full);
          sendError(res, 422, { message: miss.line, code: 'no_recording' });
          return;
        }
      }
      const auth = req.headers.authorization ?? '';
      const scrub = scrubber([auth.replace(/^Bearer\s+/i, ''), ...(options.secrets ?? [])]);
      const interaction = await forward(upstream!, req, res, raw, asked, scrub);
      if (interaction && mode !== 'passthrough') save(tape, interaction, scrub);
    },
  };
}

/**
 * Why no recording answers a request: one line for the client's error (the first difference
 * from the nearest recording), and in full for the test that reads `misses`.
 */
function missed(
  name: string,
  file: string,
  cassette: Cassette,
  asked: Asked,
  rules: MatchRules,
): { line: string; full: string } {
  const what = `${asked.method} ${PREFIX}${asked.path}`;
  const near = nearest(cassette, asked, rules);
  const fix =
    'Record it with COMPUT3_CASSETTES=record-missing, or change the request back to what was recorded.';
  if (!near) {
    const none = `No recording in cassette "${name}" (${file}) matches ${what}: the cassette has none.`;
    return { line: `${none} ${fix}`, full: `${none}\n${fix}` };
  }
  const lines = near.differences.map((d) => {
    const [recorded, sent] = shownPair(d.recorded, d.sent);
    return `  ${d.at}: recorded ${recorded}, sent ${sent}`;
  });
  const first = near.differences[0]!;
  const [recorded, sent] = shownPair(first.recorded, first.sent, 32);
  const head = `No recording in cassette "${name}" matches ${what}`;
  return {
    line: `${head}: ${first.at} differs (recorded ${recorded}, sent ${sent}).`,
    full: `${head}. The nearest, interaction ${near.index + 1} of ${cassette.interactions.length} in ${file}, differs in:\n${lines.join('\n')}\n${fix}`,
  };
}
