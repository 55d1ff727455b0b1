/**
 * A model's reasoning, above its answer: a "Thinking…" block that fills as the reasoning
 * streams, open, and folds to "Thought for 3.2 s" once the answer begins (a click opens it
 * again). The reasoning is a model's text: set as text, never as HTML.
 */
export interface ThinkingBlock {
  element: HTMLDetailsElement;
  append(text: string): void;
  /** The answer began, or the reply was drawn from the store: folded, with how long it took. */
  close(ms: number | undefined): void;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function thinkingBlock(): ThinkingBlock {
  const element = document.createElement('details');
  element.className = 'thinking';
  element.dataset.testid = 'thinking';
  element.open = true;
  const summary = document.createElement('summary');
  summary.textContent = 'Thinking…';
  const text = document.createElement('div');
  text.className = 'thinking-text';
  element.append(summary, text);
  const started = performance.now();
  let closed = false;
  return {
    element,
    append(piece) {
      text.append(piece);
    },
    close(ms) {
      if (closed) return;
      closed = true;
      summary.textContent = `Thought for ${seconds(ms ?? performance.now() - started)}`;
      element.open = false;
    },
  };
}
