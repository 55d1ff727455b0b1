import { icon } from './icons.js';
import { copyText } from './markdown.js';
import { StreamingMarkdown } from './streaming-markdown.js';
import type { Reply, Stats, Turn } from './store.js';
import { thinkingBlock, type ThinkingBlock } from './thinking.js';

/** Small DOM helper: an element with a class, attributes and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { class?: string; text?: string; attrs?: Record<string, string> } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function button(
  label: string,
  onClick: () => void,
  attrs: Record<string, string> = {},
): HTMLButtonElement {
  const b = el('button', { class: 'act', text: label, attrs: { type: 'button', ...attrs } });
  b.addEventListener('click', onClick);
  return b;
}

/** Which of several versions is shown, and how to show another: ‹ 2/3 ›. */
export interface Versions {
  index: number;
  count: number;
  show(index: number): void;
}

/** The person's message; a failed one says so and offers Retry; an edited one its versions. */
export function userMessage(
  text: string,
  actions: { onRetry?: () => void; onEdit?: () => void; failed?: string; versions?: Versions } = {},
): HTMLElement {
  const node = el(
    'article',
    { class: 'msg user', attrs: { 'data-testid': 'user' } },
    el('div', { class: 'bubble', text }),
  );
  const picker =
    actions.versions && actions.versions.count > 1
      ? [versionPicker(actions.versions, 'message')]
      : [];
  if (actions.failed !== undefined) {
    node.dataset.state = 'failed';
    node.classList.add('failed');
    node.append(
      el(
        'div',
        { class: 'failed-note', attrs: { role: 'status' } },
        el('span', { text: `Not sent: ${actions.failed}` }),
        ...(actions.onRetry ? [button('Retry', actions.onRetry, { 'data-testid': 'retry' })] : []),
        ...picker,
      ),
    );
  } else if (actions.onEdit || picker.length) {
    node.append(
      el(
        'div',
        { class: 'msg-actions' },
        ...picker,
        ...(actions.onEdit
          ? [
              button('Edit', actions.onEdit, {
                'data-testid': 'edit',
                'aria-label': 'Edit this message and send it again',
              }),
            ]
          : []),
      ),
    );
  }
  return node;
}

const ms = (n: number) => (n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${n} ms`);

/** Under a reply: model, time to first token, tokens/s, tokens, finish reason, request id. */
function statsLine(s: Stats): HTMLElement {
  const parts: (string | Node)[] = [
    el('span', { class: 'stat-model', text: s.model }),
    `${ms(s.timeToFirstTokenMs)} to first token`,
  ];
  if (s.tokensPerSecond !== undefined) parts.push(`${s.tokensPerSecond} tokens/s`);
  if (s.promptTokens !== undefined)
    parts.push(`${s.promptTokens} + ${s.completionTokens ?? '?'} tokens`);
  if (s.finishReason) parts.push(s.finishReason);
  if (s.requestId) {
    const id = button(s.requestId, () => copyText(s.requestId!, id), {
      class: 'req-id',
      'aria-label': `Copy the request id ${s.requestId}`,
      title: 'Copy the request id',
    });
    parts.push(id);
  }
  const line = el('div', { class: 'stats', attrs: { 'data-testid': 'stats' } });
  parts.forEach((p, i) =>
    line.append(
      ...(i ? [el('span', { class: 'sep', text: '·', attrs: { 'aria-hidden': 'true' } })] : []),
      p,
    ),
  );
  return line;
}

export interface ReplyActions {
  onRegenerate?: () => void;
  onViewCode: () => void;
  /** The answers regenerating gave, shown one at a time: ‹ 2/3 ›. */
  versions?: Versions;
}

/**
 * ‹ 2/3 ›: which version is shown, and the way to the others. An answer's versions come from
 * Regenerate; a message's from editing it (each with what followed it).
 */
function versionPicker({ index, count, show }: Versions, of: 'answer' | 'message'): HTMLElement {
  const prefix = of === 'answer' ? 'version' : 'branch';
  const step = (to: number, name: 'left' | 'right', label: string) => {
    const b = el(
      'button',
      {
        class: 'icon-btn small',
        attrs: {
          type: 'button',
          'aria-label': label,
          'data-testid': `${prefix}-${name === 'left' ? 'prev' : 'next'}`,
        },
      },
      icon(name),
    );
    if (to < 0 || to >= count) b.disabled = true;
    else b.addEventListener('click', () => show(to));
    return b;
  };
  return el(
    'span',
    {
      class: 'versions',
      attrs: {
        'data-testid': of === 'answer' ? 'versions' : 'branches',
        role: 'group',
        'aria-label': of === 'answer' ? 'Answers' : 'Versions of this message',
      },
    },
    step(index - 1, 'left', `Previous ${of === 'answer' ? 'answer' : 'version'}`),
    el('span', { text: `${index + 1}/${count}`, attrs: { 'aria-current': 'true' } }),
    step(index + 1, 'right', `Next ${of === 'answer' ? 'answer' : 'version'}`),
  );
}

/** A reply card: streams into `md`, then `complete()` adds its figures and actions. */
export function replyCard(model: string, onRender: () => void, heading = false) {
  const md = new StreamingMarkdown(onRender);
  const node = el('article', {
    class: 'msg assistant',
    attrs: { 'data-testid': 'assistant', 'data-state': 'streaming', 'aria-busy': 'true' },
  });
  if (heading) node.append(el('h3', { class: 'reply-model', text: model }));
  const typing = el(
    'div',
    { class: 'typing', attrs: { 'aria-label': `${model} is answering` } },
    el('span'),
    el('span'),
    el('span'),
  );
  node.append(md.element, typing);
  let thinking: ThinkingBlock | undefined;
  return {
    element: node,
    md,
    /** Streams reasoning in, above the answer (thinking.ts); with `ms`, it is over (a saved reply). */
    think(delta: string, ms?: number) {
      if (!thinking) {
        thinking = thinkingBlock();
        md.element.before(thinking.element);
        node.dataset.started = 'true';
      }
      thinking.append(delta);
      if (ms !== undefined) thinking.close(ms);
      onRender();
    },
    /** Streams text in; the waiting dots give way to the first of it. */
    append(delta: string) {
      if (!node.dataset.started) node.dataset.started = 'true';
      thinking?.close(undefined);
      md.append(delta);
    },
    complete(reply: Reply, actions: ReplyActions) {
      thinking?.close(reply.thoughtMs);
      md.finish();
      typing.remove();
      node.dataset.state = reply.state;
      node.removeAttribute('aria-busy');
      if (reply.stats?.finishReason) node.dataset.finish = reply.stats.finishReason;
      const footer = el('footer', { class: 'meta' });
      if (reply.state === 'stopped')
        footer.append(
          el('div', { class: 'note', text: 'Stopped: this is as far as the answer came.' }),
        );
      if (reply.state === 'error')
        footer.append(
          el('div', {
            class: 'note error',
            text: `${reply.error ?? 'The answer broke off.'} What arrived is kept.`,
          }),
        );
      if (reply.stats?.finishReason === 'length') {
        footer.append(
          el('div', {
            class: 'note cut',
            attrs: { 'data-testid': 'cut' },
            text: 'Cut short by the max tokens setting: raise it for the rest.',
          }),
        );
      }
      if (reply.stats) footer.append(statsLine(reply.stats));
      const copy = button('Copy', () => copyText(reply.content, copy), {
        'data-testid': 'copy',
        'aria-label': 'Copy this reply',
      });
      footer.append(
        el(
          'div',
          { class: 'msg-actions' },
          ...(actions.versions && actions.versions.count > 1
            ? [versionPicker(actions.versions, 'answer')]
            : []),
          copy,
          ...(actions.onRegenerate
            ? [button('Regenerate', actions.onRegenerate, { 'data-testid': 'regenerate' })]
            : []),
          button('View as code', actions.onViewCode, { 'data-testid': 'view-code' }),
        ),
      );
      node.append(footer);
    },
    /** Nothing arrived: the card goes (the user's message says what failed). */
    remove() {
      node.remove();
    },
  };
}

export const compareGrid = (cards: HTMLElement[]) =>
  el(
    'section',
    {
      class: `compare-grid n${cards.length}`,
      attrs: { 'data-testid': 'compare', 'aria-label': 'Replies side by side' },
    },
    ...cards,
  );

/** What a saved turn's buttons do. */
export interface TurnActions {
  retry(turn: Turn & { kind: 'chat' }): void;
  /** Puts a message back in the box; sending it starts a new branch from there. */
  edit(turn: Turn & { kind: 'chat' }): void;
  regenerate(): void;
  viewCode(reply: Reply): void;
  /** Shows answer `index` of a turn's versions. */
  showVersion(turn: Turn & { kind: 'chat' }, index: number): void;
  /** Shows branch `index` of those that part at this (edited) message. */
  showBranch(turn: Turn & { kind: 'chat' }, index: number): void;
}

/** An edited message's versions, when it has any. */
export function branchesOf(
  turn: Turn & { kind: 'chat' },
  show: TurnActions['showBranch'],
): Versions | undefined {
  return turn.fork
    ? { index: turn.fork.index, count: turn.fork.others.length + 1, show: (i) => show(turn, i) }
    : undefined;
}

export function savedReply(
  reply: Reply,
  heading: boolean,
  actions: TurnActions,
  last: boolean,
  turn?: Turn & { kind: 'chat' },
): HTMLElement {
  const card = replyCard(reply.request.model, () => {}, heading);
  if (reply.reasoning) card.think(reply.reasoning, reply.thoughtMs ?? 0);
  card.append(reply.content);
  const versions = turn?.versions;
  card.complete(reply, {
    ...(last ? { onRegenerate: actions.regenerate } : {}),
    onViewCode: () => actions.viewCode(reply),
    ...(versions && turn
      ? {
          versions: {
            index: turn.version ?? versions.length - 1,
            count: versions.length,
            show: (i: number) => actions.showVersion(turn, i),
          },
        }
      : {}),
  });
  return card.element;
}

/** A saved turn, drawn: every message offers Edit, the last answer Regenerate, a failure Retry. */
export function turnNodes(turn: Turn, last: boolean, actions: TurnActions): HTMLElement[] {
  if (turn.kind === 'compare') {
    return [
      userMessage(turn.user),
      compareGrid(turn.replies.map((r) => savedReply(r, true, actions, false))),
    ];
  }
  const versions = branchesOf(turn, actions.showBranch);
  if (turn.failed !== undefined) {
    return [
      userMessage(turn.user, {
        failed: turn.failed,
        onRetry: () => actions.retry(turn),
        ...(versions ? { versions } : {}),
      }),
    ];
  }
  return [
    userMessage(turn.user, { onEdit: () => actions.edit(turn), ...(versions ? { versions } : {}) }),
    ...(turn.reply ? [savedReply(turn.reply, false, actions, last, turn)] : []),
  ];
}
