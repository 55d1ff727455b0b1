// The floor's SSE handling: split on blank lines, strip "data: ". Enough for a well-behaved
// server, which is all a floor needs to be (it skips comments, CRLF and multi-line data).
export async function* splitEvents(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += value;
    let i;
    while ((i = buffer.indexOf('\n\n')) !== -1) {
      const data = buffer.slice(6, i);
      buffer = buffer.slice(i + 2);
      if (data === '[DONE]') return;
      yield JSON.parse(data);
    }
  }
}
