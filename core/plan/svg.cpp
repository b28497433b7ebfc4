#include "svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace ql {

namespace {
    std::string f(double v)
    {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.2f", v);
        return buf;
    }
    std::string g(double v)
    {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.3g", v);
        return buf;
    }
    std::string escape(const std::string& s)
    {
        std::string out;
        for (char c : s) {
            switch (c) {
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '&': out += "&amp;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
            }
        }
        return out;
    }
    /// Hex colour of a hue (degrees) at fixed saturation and value: plain #rrggbb works in every SVG renderer.
    std::string hueColour(double hue)
    {
        const double sat = 0.55, val = 0.95, c = val * sat;
        const double hp = hue / 60.0, x = c * (1 - std::fabs(std::fmod(hp, 2.0) - 1));
        double r = 0, gg = 0, b = 0;
        if (hp < 1) { r = c; gg = x; }
        else if (hp < 2) { r = x; gg = c; }
        else { gg = c; b = x; }
        const double m = val - c;
        char buf[8];
        std::snprintf(buf, sizeof buf, "#%02x%02x%02x", int((r + m) * 255 + 0.5), int((gg + m) * 255 + 0.5), int((b + m) * 255 + 0.5));
        return buf;
    }

    /// A spec without its default parts, for labels.
    std::string shortSpec(std::string s)
    {
        for (const char* part : { ":sym", ":minmax" })
            for (size_t p; (p = s.find(part)) != std::string::npos;)
                s.erase(p, std::string(part).size());
        return s;
    }

    std::string header(int w, int h)
    {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(w) + "\" height=\"" + std::to_string(h)
            + "\" font-family=\"sans-serif\" font-size=\"11\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
    }
} // namespace

std::string paretoSvg(const std::vector<FrontierPoint>& frontier, const Plan& plan)
{
    constexpr int W = 520, H = 340, L = 60, R = 20, T = 20, B = 45;
    double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y1 = 0;
    for (const auto& p : frontier) {
        x0 = std::min(x0, p.bitsPerWeight);
        x1 = std::max(x1, p.bitsPerWeight);
        y1 = std::max(y1, p.predictedError);
    }
    x0 = std::min(x0, plan.bitsPerWeight);
    x1 = std::max(x1, plan.bitsPerWeight);
    y1 = std::max(y1, plan.predictedError);
    if (!(x1 > x0))
        x1 = x0 + 1;
    if (!(y1 > 0))
        y1 = 1;
    auto sx = [&](double v) { return L + (v - x0) / (x1 - x0) * (W - L - R); };
    auto sy = [&](double v) { return H - B - v / y1 * (H - T - B); };
    std::string s = header(W, H);
    s += "<line x1=\"" + f(L) + "\" y1=\"" + f(H - B) + "\" x2=\"" + f(W - R) + "\" y2=\"" + f(H - B) + "\" stroke=\"black\"/>\n";
    s += "<line x1=\"" + f(L) + "\" y1=\"" + f(T) + "\" x2=\"" + f(L) + "\" y2=\"" + f(H - B) + "\" stroke=\"black\"/>\n";
    s += "<text x=\"" + f(L) + "\" y=\"" + f(H - B + 15) + "\">" + g(x0) + "</text>\n";
    s += "<text x=\"" + f(W - R) + "\" y=\"" + f(H - B + 15) + "\" text-anchor=\"end\">" + g(x1) + "</text>\n";
    s += "<text x=\"" + f((L + W - R) / 2.0) + "\" y=\"" + f(H - 8) + "\" text-anchor=\"middle\">bits per weight</text>\n";
    s += "<text x=\"" + f(L - 4) + "\" y=\"" + f(T + 4) + "\" text-anchor=\"end\">" + g(y1) + "</text>\n";
    s += "<text x=\"" + f(L - 4) + "\" y=\"" + f(H - B) + "\" text-anchor=\"end\">0</text>\n";
    s += "<text x=\"14\" y=\"" + f((T + H - B) / 2.0) + "\" transform=\"rotate(-90 14 " + f((T + H - B) / 2.0)
        + ")\" text-anchor=\"middle\">predicted error</text>\n";
    s += "<polyline fill=\"none\" stroke=\"#2980b9\" stroke-width=\"2\" points=\"";
    for (const auto& p : frontier)
        s += f(sx(p.bitsPerWeight)) + "," + f(sy(p.predictedError)) + " ";
    s += "\"/>\n";
    s += "<circle cx=\"" + f(sx(plan.bitsPerWeight)) + "\" cy=\"" + f(sy(plan.predictedError)) + "\" r=\"6\" fill=\"#27ae60\"><title>plan: "
        + g(plan.bitsPerWeight) + " bits per weight, predicted error " + g(plan.predictedError) + "</title></circle>\n";
    s += "</svg>\n";
    return s;
}

std::string heatmapSvg(const SweepResult& sweep)
{
    const int rows = int(sweep.rows.size()), cols = int(sweep.specs.size());
    const int cellW = 56, cellH = rows > 120 ? 4 : 14, nameW = rows > 120 ? 0 : 200, top = 70;
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const auto& r : sweep.rows)
        for (const auto& c : r.cells)
            if (c.skipped.empty() && c.relMse > 0 && std::isfinite(c.relMse)) {
                lo = std::min(lo, std::log10(c.relMse));
                hi = std::max(hi, std::log10(c.relMse));
            }
    if (!(hi > lo))
        hi = lo + 1;
    std::string s = header(nameW + cols * cellW + 70, top + rows * cellH + 10); // room for the last rotated label
    for (int c = 0; c < cols; ++c) {
        const double x = nameW + c * cellW + cellW / 2.0, y = top - 6;
        s += "<text x=\"" + f(x) + "\" y=\"" + f(y) + "\" transform=\"rotate(-35 " + f(x) + " " + f(y) + ")\" font-size=\"10\">"
            + escape(shortSpec(sweep.specs[size_t(c)])) + "</text>\n";
    }
    for (int r = 0; r < rows; ++r) {
        const auto& row = sweep.rows[size_t(r)];
        if (nameW > 0)
            s += "<text x=\"" + f(nameW - 4) + "\" y=\"" + f(top + r * cellH + cellH - 3) + "\" text-anchor=\"end\" font-size=\"9\">"
                + escape(row.name) + "</text>\n";
        for (int c = 0; c < cols; ++c) {
            const auto& cell = row.cells[size_t(c)];
            std::string fill = "#dddddd";
            if (cell.skipped.empty() && cell.relMse > 0 && std::isfinite(cell.relMse)) {
                // Green (small error) to red (large error) on a log scale.
                const double t = std::clamp((std::log10(cell.relMse) - lo) / (hi - lo), 0.0, 1.0);
                fill = hueColour((1.0 - t) * 120.0);
            }
            s += "<rect x=\"" + f(nameW + c * cellW) + "\" y=\"" + f(top + r * cellH) + "\" width=\"" + std::to_string(cellW - 1) + "\" height=\""
                + std::to_string(cellH - 1) + "\" fill=\"" + fill + "\"><title>" + escape(row.name) + " " + escape(cell.spec) + ": "
                + (cell.skipped.empty() ? g(cell.relMse) : "n/a") + "</title></rect>\n";
        }
    }
    s += "</svg>\n";
    return s;
}

} // namespace ql
