// Development-time: real llama.cpp's logits (node-llama-cpp@3.22.1) for token chunks, as
// llama-perplexity evaluates them (each chunk one batch in a cleared context).
//   node scripts/llamacpp_logits.mjs JOB.json OUT.f32
// JOB: {"model": path, "chunks": [[ids...], ...], "flashAttention": "auto"|true|false, "kv": "F16"|"F32", "threads": 2,
//       "contextSize": n (default: the longest chunk, at least 64)}
// OUT: float32 logits, chunk by chunk, position by position, n_vocab each.
import fs from "node:fs";
import {createRequire} from "node:module";

const require = createRequire(process.env.QL_NODE_LLAMA_CPP ?? "/work/oracle/node_modules/");
const {getLlama} = await import(require.resolve("node-llama-cpp"));

const job = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const llama = await getLlama({gpu: false, build: "never", logLevel: "error"});
const model = await llama.loadModel({modelPath: job.model});
if (job.sample) { // sequences the model samples from itself after BOS (temperature 1, seeded; EOS is just a token)
    const {count, length, seed} = job.sample;
    let state = seed >>> 0;
    const uniform = () => { // mulberry32
        state = (state + 0x6D2B79F5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const ctx = await model.createContext({contextSize: Math.max(length, 64), threads: job.threads ?? 2});
    const seqs = [];
    for (let i = 0; i < count; ++i) {
        const seq = ctx.getSequence();
        const tokens = [model.tokens.bos];
        while (tokens.length < length) {
            const res = await seq.controlledEvaluate([[tokens[tokens.length - 1], {generateNext: {logits: true}}]]);
            const logits = res[0].next.logits;
            let mx = -Infinity;
            for (const v of logits.values()) mx = Math.max(mx, v);
            let total = 0;
            for (const v of logits.values()) total += Math.exp(v - mx);
            let r = uniform() * total, pick = -1;
            for (const [tok, v] of [...logits.entries()].sort((a, b) => a[0] - b[0])) {
                r -= Math.exp(v - mx);
                pick = tok;
                if (r <= 0) break;
            }
            tokens.push(pick);
        }
        seqs.push(tokens);
        await seq.clearHistory();
        seq.dispose();
    }
    fs.writeFileSync(process.argv[3], JSON.stringify(seqs));
    process.exit(0);
}
const n = Math.max(...job.chunks.map(c => c.length));
// contextSize: room past the chunk (a context exactly as long as the chunk shifts out its first tokens
// before the last one is evaluated, so the last position's logits are another sequence's).
const opts = {contextSize: job.contextSize ?? Math.max(n, 64), batchSize: Math.max(n, 64), threads: job.threads ?? 2,
    flashAttention: job.flashAttention ?? "auto"};
if (job.kv) {
    opts.experimentalKvCacheKeyType = job.kv;
    opts.experimentalKvCacheValueType = job.kv;
}
let nVocab = job.vocab ?? 0;
const out = fs.openSync(process.argv[3], "w");
const t0 = Date.now();
let evaluated = 0, evalMs = 0;
for (const chunk of job.chunks) {
    const ctx = await model.createContext(opts);
    const seq = ctx.getSequence();
    const e0 = performance.now();
    const res = await seq.controlledEvaluate(chunk.map(t => [t, {generateNext: {logits: true}}]));
    evalMs += performance.now() - e0;
    nVocab = nVocab || res[0].next.logits.size;
    const buf = new Float32Array(chunk.length * nVocab);
    res.forEach((r, i) => {
        for (const [tok, v] of r.next.logits) buf[i * nVocab + tok] = v;
    });
    fs.writeSync(out, Buffer.from(buf.buffer));
    evaluated += chunk.length;
    await ctx.dispose();
}
fs.closeSync(out);
console.log(JSON.stringify({vocab: nVocab, tokens: evaluated, seconds: (Date.now() - t0) / 1000, evalSeconds: evalMs / 1000,
    flashAttention: opts.flashAttention}));
