// Drives `poq serve` with the official `openai` npm client, as any OpenAI app would.
// Env: OPENAI_BASE_URL (http://127.0.0.1:PORT/v1), OPENAI_API_KEY, POQ_MODEL.
// Prints one JSON object with what it saw; exits 1 with a message on the first surprise.
import OpenAI from 'openai';

const model = process.env.POQ_MODEL;
const client = new OpenAI({ maxRetries: 0, timeout: 120_000 });
const fail = (msg) => { console.error('openai-client: ' + msg); process.exit(1); };
const out = {};

// 1. the families the network serves
const models = await client.models.list();
out.models = models.data.map((m) => ({ id: m.id, eligible_miners: m.poq?.eligible_miners }));
if (!out.models.some((m) => m.id === model && m.eligible_miners > 0)) fail(`model ${model} missing from /v1/models`);

// 2. a whole completion
const completion = await client.chat.completions.create({
  model,
  messages: [{ role: 'user', content: 'What is the capital of France?' }],
});
out.completion = { content: completion.choices[0].message.content, finish: completion.choices[0].finish_reason,
  poq: completion.poq };
if (!completion.poq?.task_id) fail('the completion carries no poq evidence');

// 3. the same as a stream, with n = 2
const stream = await client.chat.completions.create({
  model, n: 2, stream: true,
  messages: [{ role: 'system', content: 'Answer in one sentence.' }, { role: 'user', content: 'Capital of France?' }],
});
const texts = ['', ''];
let evidence = null;
let chunks = 0;
for await (const chunk of stream) {
  chunks++;
  for (const c of chunk.choices) texts[c.index] += c.delta?.content ?? '';
  if (chunk.poq) evidence = chunk.poq;
}
out.stream = { contents: texts, chunks, poq: evidence };
if (!evidence) fail('the stream carried no poq evidence');

// 4. errors an OpenAI app understands
const expectError = async (label, status, call) => {
  try {
    await call();
  } catch (e) {
    if (!(e instanceof OpenAI.APIError)) fail(`${label}: not an APIError: ${e}`);
    if (e.status !== status) fail(`${label}: status ${e.status}, expected ${status}: ${e.message}`);
    out[label] = { status: e.status, code: e.code, message: e.error?.message ?? e.message };
    return;
  }
  fail(`${label}: no error`);
};
await expectError('wrong_key', 401, () => new OpenAI({ apiKey: 'poq-wrong', maxRetries: 0 }).models.list());
await expectError('unknown_model', 404, () => client.chat.completions.create({
  model: 'no-such-family', messages: [{ role: 'user', content: 'hi' }] }));
await expectError('over_limit', 402, () => client.chat.completions.create({
  model, messages: [{ role: 'user', content: 'hi' }], poq: { fee: '1000' } }));

// 5. a streamed round whose answers all score below the quality floor: the SDK raises the error event
try {
  const noise = await client.chat.completions.create({ model: process.env.POQ_NOISE_MODEL, stream: true, poq: { k: 1, fee: '2' },
    messages: [{ role: 'user', content: 'What is the capital of France?' }] });
  for await (const chunk of noise) { /* only comments and the error event arrive */ }
  fail('below_floor: no error');
} catch (e) {
  if (!(e instanceof OpenAI.APIError)) fail(`below_floor: not an APIError: ${e}`);
  out.below_floor = { code: e.code ?? e.error?.code, message: e.error?.message ?? e.message };
}

console.log(JSON.stringify(out));
