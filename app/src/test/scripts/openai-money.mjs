// What an integrator's money depends on, driven with the official `openai` npm client:
// 20 concurrent paid requests, an SDK that times out and retries, and a stream with the usage chunk.
// Env: OPENAI_BASE_URL, OPENAI_API_KEY, POQ_MODEL, POQ_FEE, POQ_CONCURRENCY, POQ_PART (concurrency|retry|usage|restart).
// Prints one JSON object with what it saw.
import OpenAI from 'openai';

const model = process.env.POQ_MODEL;
const fee = process.env.POQ_FEE ?? '2';
const out = {};
const ask = (i) => [{ role: 'user', content: `What is the capital of France? (${i})` }];

if (process.env.POQ_PART === 'concurrency') {
  const client = new OpenAI({ maxRetries: 0, timeout: 600_000 });
  const n = Number(process.env.POQ_CONCURRENCY ?? 20);
  const settled = await Promise.allSettled(Array.from({ length: n }, (_, i) =>
    client.chat.completions.create({ model, messages: ask(i), poq: { fee } })));
  out.results = settled.map((r) => r.status === 'fulfilled'
    ? { ok: true, task: r.value.poq.task_id, content: r.value.choices[0].message.content }
    : { ok: false, status: r.reason?.status, error: String(r.reason?.message ?? r.reason) });
}

if (process.env.POQ_PART === 'retry') {
  // a timeout far below a round's length, with the SDK's retries: each retry must attach, not pay again
  const client = new OpenAI({ maxRetries: 3, timeout: Number(process.env.POQ_TIMEOUT_MS ?? 1500) });
  try {
    const r = await client.chat.completions.create({ model, messages: ask('retry'), poq: { fee } });
    out.retry = { ok: true, task: r.poq.task_id };
  } catch (e) {
    out.retry = { ok: false, kind: e?.constructor?.name, message: String(e?.message) };
  }
}

if (process.env.POQ_PART === 'restart') {
  // the SDK's default behaviour (retries with the same body, no idempotency key) against a server that is
  // killed and started again mid-round: the retries reach the new process and must attach to the paid task
  const client = new OpenAI({ maxRetries: 40, timeout: Number(process.env.POQ_TIMEOUT_MS ?? 3000) });
  try {
    const r = await client.chat.completions.create({ model, messages: ask('restart'), poq: { fee, k: 1 } });
    out.restart = { ok: true, task: r.poq.task_id, content: r.choices[0].message.content };
  } catch (e) {
    out.restart = { ok: false, status: e?.status, message: String(e?.message) };
  }
}

if (process.env.POQ_PART === 'usage') {
  const client = new OpenAI({ maxRetries: 0, timeout: 600_000 });
  const stream = await client.chat.completions.create({ model, messages: ask('usage'), stream: true,
    stream_options: { include_usage: true }, stop: ['France'], poq: { fee } });
  let text = '';
  let chunks = 0;
  let usage = null;
  let finish = null;
  for await (const chunk of stream) {
    chunks++;
    for (const c of chunk.choices) {
      text += c.delta?.content ?? '';
      if (c.finish_reason) finish = c.finish_reason;
    }
    if (chunk.usage) usage = chunk.usage;
  }
  out.usage = { text, chunks, usage, finish };
}

console.log(JSON.stringify(out));
