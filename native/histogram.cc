// Quantized RGBA histogram kernel for the static color registry (SPEC §3.1).
//
// The JavaScript twin lives in src/pipeline/histogram.ts; both must give identical results.
//
//   level(c)  = min(10, floor(c / 25))                    for r, g, b (0..10)
//   step(a)   = floor((a * 40 + 255) / 510)                 = round(a * 20 / 255), half up (0..20)
//               (a * 40 is even and 255 * odd is odd, so an exact .5 never occurs: no tie rule
//                is actually exercised, the integer form just pins the result down exactly)
//   cell      = ((rl * 11 + gl) * 11 + bl) * 21 + step     (0..27950, 27,951 cells)
//
// JS signature:
//   histogram(frame: Uint8Array | Uint8ClampedArray, counts: Uint32Array(27951),
//             sums: Float64Array(27951 * 4), touched: Uint16Array(27951),
//             touchedCount: number, totals: Float64Array(4)) -> number (new touchedCount)
//
// For every pixel: counts[cell] += 1, sums[cell*4 + 0..3] += r, g, b, a, totals[0..3] += r, g, b, a.
// A cell whose count goes from 0 to > 0 is appended to touched[touchedCount++]; the new
// touchedCount is returned. Nothing is allocated per call. frame.length must be a multiple of 4.
//
// Sums are doubles (exact integers up to 2^53): a uint32 sum overflows for a single-cell frame
// above 16,843,009 pixels (an 8K frame has 33,177,600), and when frames are accumulated. The
// pixel loop itself runs on 32-bit per-thread scratch (see Histogram), folded into the doubles
// once per chunk; that is ~30 % faster than adding into doubles per pixel.

#include "kernels.h"

#include <napi.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace {

constexpr uint32_t kLevels = 11;
constexpr uint32_t kSteps = 21;
constexpr uint32_t kCells = kLevels * kLevels * kLevels * kSteps;  // 27,951

struct Tables {
  uint16_t r[256];
  uint16_t g[256];
  uint16_t b[256];
  uint16_t a[256];
  Tables() {
    for (uint32_t c = 0; c < 256; ++c) {
      uint32_t level = c / 25;
      if (level > 10) level = 10;
      r[c] = static_cast<uint16_t>(level * kLevels * kLevels * kSteps);
      g[c] = static_cast<uint16_t>(level * kLevels * kSteps);
      b[c] = static_cast<uint16_t>(level * kSteps);
      a[c] = static_cast<uint16_t>((c * 40 + 255) / 510);
    }
  }
};

const Tables kTables;

// Per-cell scratch stride: count, r, g, b, a (uint32 each).
constexpr size_t kStride = 5;
// 255 * kChunkPixels < 2^32: no 32-bit scratch sum can overflow within one chunk.
constexpr size_t kChunkPixels = 0xFFFFFFFFu / 255;  // 16,843,009

struct Scratch {
  std::vector<uint32_t> acc = std::vector<uint32_t>(kCells * kStride, 0);
  std::vector<uint16_t> touched = std::vector<uint16_t>(kCells, 0);
};

// One scratch per thread (each worker thread loads the addon in its own environment but shares
// the library): zero between calls.
Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

bool IsTypedArrayOf(const Napi::Value& v, napi_typedarray_type type, size_t minLength) {
  if (!v.IsTypedArray()) return false;
  Napi::TypedArray ta = v.As<Napi::TypedArray>();
  return ta.TypedArrayType() == type && ta.ElementLength() >= minLength;
}

Napi::Value Fail(Napi::Env env, const char* message) {
  Napi::TypeError::New(env, message).ThrowAsJavaScriptException();
  return env.Undefined();
}

Napi::Value Histogram(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 6) return Fail(env, "histogram: expected 6 arguments");

  if (!info[0].IsTypedArray()) return Fail(env, "histogram: frame must be a Uint8Array");
  Napi::TypedArray frameTa = info[0].As<Napi::TypedArray>();
  if (frameTa.TypedArrayType() != napi_uint8_array &&
      frameTa.TypedArrayType() != napi_uint8_clamped_array) {
    return Fail(env, "histogram: frame must be a Uint8Array");
  }
  if (!IsTypedArrayOf(info[1], napi_uint32_array, kCells))
    return Fail(env, "histogram: counts must be a Uint32Array(27951)");
  if (!IsTypedArrayOf(info[2], napi_float64_array, kCells * 4))
    return Fail(env, "histogram: sums must be a Float64Array(27951 * 4)");
  if (!IsTypedArrayOf(info[3], napi_uint16_array, kCells))
    return Fail(env, "histogram: touched must be a Uint16Array(27951)");
  if (!info[4].IsNumber()) return Fail(env, "histogram: touchedCount must be a number");
  if (!IsTypedArrayOf(info[5], napi_float64_array, 4))
    return Fail(env, "histogram: totals must be a Float64Array(4)");

  const size_t length = frameTa.ByteLength();
  if (length % 4 != 0) {
    Napi::RangeError::New(env, "histogram: frame length must be a multiple of 4")
        .ThrowAsJavaScriptException();
    return env.Undefined();
  }
  int64_t touchedCountIn = info[4].As<Napi::Number>().Int64Value();
  if (touchedCountIn < 0 || touchedCountIn > static_cast<int64_t>(kCells)) {
    Napi::RangeError::New(env, "histogram: touchedCount out of range")
        .ThrowAsJavaScriptException();
    return env.Undefined();
  }

  // napi_get_typedarray_info's data pointer already includes the byte offset, and works for
  // views on a SharedArrayBuffer too (Napi::ArrayBuffer::Data() does not).
  void* frameData = nullptr;
  napi_typedarray_type frameType;
  size_t frameLength = 0;
  if (napi_get_typedarray_info(env, info[0], &frameType, &frameLength, &frameData, nullptr,
                               nullptr) != napi_ok ||
      (frameData == nullptr && frameLength != 0)) {
    return Fail(env, "histogram: cannot read the frame's memory");
  }
  const uint8_t* px = static_cast<const uint8_t*>(frameData);
  uint32_t* counts = info[1].As<Napi::Uint32Array>().Data();
  double* sums = info[2].As<Napi::Float64Array>().Data();
  uint16_t* touched = info[3].As<Napi::Uint16Array>().Data();
  double* totals = info[5].As<Napi::Float64Array>().Data();

  uint32_t nTouched = static_cast<uint32_t>(touchedCountIn);
  Scratch& scratch = ThreadScratch();
  uint32_t* acc = scratch.acc.data();
  uint16_t* local = scratch.touched.data();
  const Tables& t = kTables;
  double tr = 0, tg = 0, tb = 0, ta = 0;

  // The pixel loop accumulates into 32-bit per-thread scratch (count and four sums side by side,
  // one cache line per pixel), which is faster than adding into the caller's doubles. Chunks of
  // at most kChunkPixels keep every 32-bit sum exact; each chunk is then folded into the
  // caller's arrays, in order of first appearance, and the scratch cells are zeroed again.
  const size_t pixels = length / 4;
  for (size_t first = 0; first < pixels; first += kChunkPixels) {
    const size_t last = first + kChunkPixels < pixels ? first + kChunkPixels : pixels;
    uint32_t nLocal = 0;
    const uint8_t* end = px + last * 4;
    const uint8_t* p = px + first * 4;
    // Four pixels of one cell (flat regions: most of a typical frame) update the cell once, which
    // also breaks the chain of read-modify-writes on one cell that bounds the pixel loop.
    for (; end - p >= 16; p += 16) {
      const uint32_t c0 = static_cast<uint32_t>(t.r[p[0]]) + t.g[p[1]] + t.b[p[2]] + t.a[p[3]];
      const uint32_t c1 = static_cast<uint32_t>(t.r[p[4]]) + t.g[p[5]] + t.b[p[6]] + t.a[p[7]];
      const uint32_t c2 = static_cast<uint32_t>(t.r[p[8]]) + t.g[p[9]] + t.b[p[10]] + t.a[p[11]];
      const uint32_t c3 = static_cast<uint32_t>(t.r[p[12]]) + t.g[p[13]] + t.b[p[14]] + t.a[p[15]];
      if (c0 == c1 && c1 == c2 && c2 == c3) {
        uint32_t* e = acc + static_cast<size_t>(c0) * kStride;
        if (e[0] == 0) local[nLocal++] = static_cast<uint16_t>(c0);
        e[0] += 4;
        e[1] += static_cast<uint32_t>(p[0]) + p[4] + p[8] + p[12];
        e[2] += static_cast<uint32_t>(p[1]) + p[5] + p[9] + p[13];
        e[3] += static_cast<uint32_t>(p[2]) + p[6] + p[10] + p[14];
        e[4] += static_cast<uint32_t>(p[3]) + p[7] + p[11] + p[15];
        continue;
      }
      const uint32_t cells[4] = {c0, c1, c2, c3};
      for (int k = 0; k < 4; ++k) {
        const uint8_t* q = p + 4 * k;
        uint32_t* e = acc + static_cast<size_t>(cells[k]) * kStride;
        if (e[0]++ == 0) local[nLocal++] = static_cast<uint16_t>(cells[k]);
        e[1] += q[0];
        e[2] += q[1];
        e[3] += q[2];
        e[4] += q[3];
      }
    }
    for (; p != end; p += 4) {
      const uint32_t r = p[0], g = p[1], b = p[2], a = p[3];
      const uint32_t cell = static_cast<uint32_t>(t.r[r]) + t.g[g] + t.b[b] + t.a[a];
      uint32_t* e = acc + static_cast<size_t>(cell) * kStride;
      if (e[0]++ == 0) local[nLocal++] = static_cast<uint16_t>(cell);
      e[1] += r;
      e[2] += g;
      e[3] += b;
      e[4] += a;
    }
    for (uint32_t i = 0; i < nLocal; ++i) {
      const uint32_t cell = local[i];
      uint32_t* e = acc + static_cast<size_t>(cell) * kStride;
      // The bound only guards memory if a caller breaks the zero-on-entry contract.
      if (counts[cell] == 0 && nTouched < kCells) touched[nTouched++] = static_cast<uint16_t>(cell);
      counts[cell] += e[0];
      double* s = sums + static_cast<size_t>(cell) * 4;
      s[0] += e[1];
      s[1] += e[2];
      s[2] += e[3];
      s[3] += e[4];
      tr += e[1];
      tg += e[2];
      tb += e[3];
      ta += e[4];
      e[0] = e[1] = e[2] = e[3] = e[4] = 0;
    }
  }
  totals[0] += tr;
  totals[1] += tg;
  totals[2] += tb;
  totals[3] += ta;
  return Napi::Number::New(env, nTouched);
}

}  // namespace

void RegisterHistogram(Napi::Env env, Napi::Object exports) {
  exports.Set("histogram", Napi::Function::New(env, Histogram, "histogram"));
  exports.Set("cells", Napi::Number::New(env, kCells));
}
