import { describe, expect, test } from 'vitest';
import { notice } from '../src/render/notice.js';

const terminal = (columns: number) => ({ isTTY: true, columns }) as NodeJS.WriteStream;

describe('notice()', () => {
  const error =
    '[The API has no model "hermes4": did you mean hermes4:70b? comput3 models lists the known ids (--remote asks the API). (request id req_mock_123456) https://api.comput3.ai/v1/chat/completions]';

  test.each([30, 41, 57, 70, 80])('at %i columns no line breaks inside an id or a URL', (width) => {
    const lines = notice(error, terminal(width)).split('\n');
    for (const word of [
      'req_mock_123456)',
      'hermes4:70b?',
      'https://api.comput3.ai/v1/chat/completions]',
    ]) {
      expect(lines.some((line) => line.includes(word))).toBe(true);
    }
    // Every line fits, but a word longer than the line, which is left whole.
    for (const line of lines) expect(line.length <= width || !line.includes(' ')).toBe(true);
  });

  test('piped: one line, as it was; control characters from outside taken out', () => {
    const piped = { isTTY: false, columns: undefined } as unknown as NodeJS.WriteStream;
    expect(notice(error, piped)).toBe(error);
    expect(notice('a\x1b]52;c;bad\x07b', terminal(80))).not.toContain('\x1b');
  });
});
