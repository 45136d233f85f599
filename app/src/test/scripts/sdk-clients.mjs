// Drives `poq serve` with the two most used app frameworks, with their default settings but the base URL:
// LangChain JS (ChatOpenAI: invoke, stream, bindTools) and the Vercel AI SDK (provider.chat(): generateText,
// streamText; the default provider(model), which calls the Responses API, gets a 404 that names .chat()).
// Env: OPENAI_BASE_URL, OPENAI_API_KEY, POQ_MODEL. Prints one JSON object with what it saw.
import { ChatOpenAI } from '@langchain/openai';
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, streamText } from 'ai';

const model = process.env.POQ_MODEL;
const baseURL = process.env.OPENAI_BASE_URL;
const apiKey = process.env.OPENAI_API_KEY;
const question = 'What is the capital of France?';
const out = {};
const caught = async (call) => {
  try {
    await call();
    return { ok: true };
  } catch (e) {
    return { ok: false, status: e?.status ?? e?.statusCode ?? e?.response?.status, message: String(e?.message ?? e) };
  }
};

const llm = new ChatOpenAI({ model, apiKey, configuration: { baseURL } });
const invoked = await llm.invoke(question);
out.langchain_invoke = { content: invoked.content, finish: invoked.response_metadata?.finish_reason,
  usage: invoked.usage_metadata ?? null };
let streamed = '';
let pieces = 0;
for await (const chunk of await llm.stream(question)) {
  streamed += chunk.content;
  pieces++;
}
out.langchain_stream = { content: streamed, pieces };
const withTools = llm.bindTools([{ type: 'function', function: { name: 'get_weather', description: 'The weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }]);
out.langchain_tools = await caught(() => withTools.invoke('What is the weather in Paris?'));

const provider = createOpenAI({ baseURL, apiKey });
const generated = await generateText({ model: provider.chat(model), prompt: question });
out.vercel_generate = { text: generated.text, finish: generated.finishReason, usage: generated.usage };
const s = streamText({ model: provider.chat(model), prompt: question, onError: () => {} });
let vtext = '';
for await (const t of s.textStream) vtext += t;
out.vercel_stream = { text: vtext, finish: await s.finishReason };
out.vercel_default = await caught(() => generateText({ model: provider(model), prompt: question, maxRetries: 0 }));

console.log(JSON.stringify(out));
