// The chat page: no framework, no build step. The browser talks only to this server, which
// holds the key; answers stream in as Server-Sent Events and are shown as plain text.
export const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Comput3 chat demo</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 0 auto; padding: 1rem; }
  header { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }
  .mode { font-size: .8rem; padding: .1rem .5rem; border-radius: 1rem; background: #eef; }
  #log { margin: 1rem 0; }
  .msg { white-space: pre-wrap; padding: .5rem .75rem; border-radius: .5rem; margin: .5rem 0; }
  .user { background: #f2f2f2; } .assistant { background: #eef7ee; }
  .error { background: #fde8e8; color: #900; padding: .5rem .75rem; border-radius: .5rem; }
  form { display: flex; gap: .5rem; } textarea { flex: 1; min-height: 3rem; font: inherit; }
</style>
</head>
<body>
<header><h1>Comput3 chat</h1><span class="mode" id="mode">__MODE__</span>
<select id="model" aria-label="Model">__MODELS__</select></header>
<div id="log" aria-live="polite"></div>
<div id="error" class="error" hidden></div>
<form id="form"><textarea id="prompt" placeholder="Ask something (Enter sends, Shift+Enter adds a line)"></textarea>
<button id="send">Send</button><button id="stop" type="button" disabled>Stop</button></form>
<script>
const $ = (id) => document.getElementById(id);
const history = [];
let controller;
function add(role, text) {
  const div = document.createElement('div');
  div.className = 'msg ' + role; div.textContent = text; $('log').append(div); return div;
}
async function send() {
  const content = $('prompt').value.trim();
  if (!content || controller) return;
  $('prompt').value = ''; $('error').hidden = true;
  history.push({ role: 'user', content }); add('user', content);
  const out = add('assistant', '');
  controller = new AbortController(); $('stop').disabled = false;
  try {
    const res = await fetch('/api/chat', { method: 'POST', signal: controller.signal,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: $('model').value, messages: history }) });
    if (!res.ok) throw new Error((await res.json()).error);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += value;
      let i;
      while ((i = buffer.indexOf('\\n\\n')) !== -1) {
        const data = buffer.slice(0, i).replace(/^data: /, ''); buffer = buffer.slice(i + 2);
        if (data !== '[DONE]') out.textContent += JSON.parse(data).choices[0]?.delta.content ?? '';
      }
    }
  } catch (e) {
    if (e.name !== 'AbortError') { $('error').textContent = e.message; $('error').hidden = false; }
  } finally {
    history.push({ role: 'assistant', content: out.textContent });
    controller = undefined; $('stop').disabled = true;
  }
}
$('form').addEventListener('submit', (e) => { e.preventDefault(); send(); });
$('prompt').addEventListener('keydown', (e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } });
$('stop').addEventListener('click', () => controller?.abort());
</script>
</body>
</html>
`;
