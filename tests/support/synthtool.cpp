// ql-synth: writes the tests' synthetic models for the golden scripts (development time).
#include "synthmodel.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

int main(int argc, char** argv)
{
    CLI::App app { "Writes a synthetic Llama-architecture GGUF (the tests' generator)" };
    fixtures::SynthLlama c;
    std::string out, family, hf;
    bool f16 = false, sparse = false;
    app.add_option("OUT", out, "GGUF file to write")->required();
    app.add_option("--family", family,
        "A tiny model of one family (llama3, mistral, mixtral, qwen2, qwen2moe, qwen3, qwen3moe, gemma2, gemma3, "
        "phi3); shape options "
        "given override its shape");
    app.add_option("--hf", hf,
        "Also write the same model as a Hugging Face checkpoint (model.safetensors + config.json) in this folder");
    app.add_option("--arch", c.arch);
    app.add_option("--layers", c.layers);
    app.add_option("--dim", c.dim);
    app.add_option("--hidden", c.hidden);
    app.add_option("--heads", c.heads);
    app.add_option("--kv-heads", c.kvHeads);
    app.add_option("--vocab", c.vocab);
    app.add_option("--context", c.context);
    app.add_option("--experts", c.experts);
    app.add_option("--seed", c.seed);
    app.add_flag("--tied", c.tied, "No output.weight");
    app.add_flag("--f16", f16, "2-D weights in F16");
    app.add_flag("--sparse", sparse, "Tensor data left as a hole of zeros");
    CLI11_PARSE(app, argc, argv);
    c.type = f16 ? 1 : 0;
    try {
        if (!family.empty()) { // the family's tiny model, with the shape options given on the command line
            const fixtures::SynthLlama given = c;
            c = fixtures::synthFamily(family);
            c.type = f16 ? 1 : 0;
            if (app.count("--layers"))
                c.layers = given.layers;
            if (app.count("--dim"))
                c.dim = given.dim;
            if (app.count("--hidden"))
                c.hidden = given.hidden;
            if (app.count("--heads"))
                c.heads = given.heads;
            if (app.count("--kv-heads"))
                c.kvHeads = given.kvHeads;
            if (app.count("--vocab"))
                c.vocab = given.vocab;
            if (app.count("--context"))
                c.context = given.context;
            if (app.count("--experts"))
                c.experts = given.experts;
        }
        fixtures::writeSynthLlamaGguf(out, c, sparse);
        if (!hf.empty())
            fixtures::writeSynthHf(hf, c);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ql-synth: %s\n", e.what());
        return 1;
    }
    return 0;
}
