// Pixel kernels of the per-window motion analysis (src/pipeline/dynamic/).
//
// Each kernel is the twin of a JavaScript kernel and must give bit-identical results:
//   workingChannels  working-channels.ts   box-filtered luma and motion channel of one frame
//   matchBlocks      block-match.ts        block descent search + Lucas–Kanade of one frame pair
//   compensate       compensation.ts       camera-compensated difference of one frame pair
//   searchTemplate   template-search.ts    integer displacement search of the subject's template
// So the arithmetic is the JavaScript's: every value in double (Float32Array elements widened on
// load, narrowed on store), the same operations in the same order, no fused multiply-add
// (-ffp-contract=off), and Math.round / Math.min / Math.max with their JavaScript semantics.
// The arguments are the JavaScript kernels' job objects (see those files for the fields).
// Arrays are checked for type and length, so a bad job throws instead of reading out of bounds.

#include "kernels.h"

#include <napi.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>

namespace {

// Must equal the constants of the JavaScript kernels (src/pipeline/dynamic/kernels.ts checks
// `motionConstants` against them before using this addon).
constexpr int kBlock = 8;
constexpr int kSearchRadius = 4;
constexpr double kBlockTie = 0.1;
constexpr double kGradientNoise = 8;
constexpr double kMatchQualityMad = 10;
constexpr int kSubjectSearch = 10;
constexpr double kSubjectTie = 0.05;
constexpr int kDiffBins = 512;
constexpr double kMotionChroma = 0.5;

constexpr int kBlockPixels = kBlock * kBlock;
constexpr int kSpan = 2 * kSearchRadius + 1;
// Template pixels summed between two checks of the pruning bound (template-search.ts: CHUNK).
constexpr int kTemplateChunk = 32;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double JsRound(double x) {
  const double r = std::ceil(x);
  return r - 0.5 > x ? r - 1.0 : r;
}

double JsMin(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return kNaN;
  if (a == 0 && b == 0) return std::signbit(a) ? a : b;
  return a < b ? a : b;
}

double JsMax(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return kNaN;
  if (a == 0 && b == 0) return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

double Clamp(double lo, double hi, double x) { return JsMax(lo, JsMin(hi, x)); }

// --------------------------------------------------------------------------------- arguments

constexpr int kMaxSide = 1 << 15;

class Args {
 public:
  Args(const Napi::CallbackInfo& info, const char* kernel) : env_(info.Env()), kernel_(kernel) {
    if (info.Length() < 1 || !info[0].IsObject()) {
      Fail("expected a job object");
    } else {
      job_ = info[0].As<Napi::Object>();
    }
  }

  bool failed() const { return failed_; }
  Napi::Env env() const { return env_; }

  double Number(const char* key) {
    if (failed_) return 0;
    Napi::Value v = job_.Get(key);
    if (!v.IsNumber()) return Fail(key, "must be a number"), 0;
    return v.As<Napi::Number>().DoubleValue();
  }

  // A whole number in [lo, hi].
  int Int(const char* key, int lo, int hi) {
    const double v = Number(key);
    if (failed_) return 0;
    if (!(v >= lo && v <= hi) || v != std::floor(v)) return Fail(key, "is out of range"), 0;
    return static_cast<int>(v);
  }

  // The job's `width` and `height`; returns the pixels of one plane.
  size_t Plane(int& w, int& h) {
    w = Int("width", 1, kMaxSide);
    h = Int("height", 1, kMaxSide);
    return static_cast<size_t>(w) * h;
  }

  bool Bool(const char* key) {
    if (failed_) return false;
    Napi::Value v = job_.Get(key);
    if (!v.IsBoolean()) return Fail(key, "must be a boolean"), false;
    return v.As<Napi::Boolean>().Value();
  }

  // The data of a typed array of `type` with at least `length` elements; null when `nullable`
  // and the field is null.
  template <typename T>
  T* Array(const char* key, napi_typedarray_type type, size_t length, bool nullable = false) {
    if (failed_) return nullptr;
    Napi::Value v = job_.Get(key);
    if (nullable && v.IsNull()) return nullptr;
    bool is = false;
    napi_typedarray_type actual;
    size_t actualLength = 0;
    void* data = nullptr;
    // napi_get_typedarray_info's pointer includes the byte offset and works on SharedArrayBuffers.
    if (napi_is_typedarray(env_, v, &is) != napi_ok || !is ||
        napi_get_typedarray_info(env_, v, &actual, &actualLength, &data, nullptr, nullptr) != napi_ok ||
        actual != type) {
      return Fail(key, "has the wrong type"), nullptr;
    }
    if (actualLength < length) return Fail(key, "is too short"), nullptr;
    if (data == nullptr && length > 0) return Fail(key, "has no memory"), nullptr;
    return static_cast<T*>(data);
  }

  void Fail(const char* key, const char* what) {
    if (failed_) return;
    failed_ = true;
    std::string message = std::string(kernel_) + ": " + key + " " + what;
    Napi::TypeError::New(env_, message).ThrowAsJavaScriptException();
  }

 private:
  void Fail(const char* message) {
    failed_ = true;
    Napi::TypeError::New(env_, std::string(kernel_) + ": " + message).ThrowAsJavaScriptException();
  }

  Napi::Env env_;
  const char* kernel_;
  Napi::Object job_;
  bool failed_ = false;
};

// --------------------------------------------------------------------------- workingChannels

// JS signature: workingChannels(frame: Uint8Array, srcW, factor, w, h, luma: Float32Array,
// motion: Float32Array) -> undefined (positional, like the JavaScript kernel).
Napi::Value WorkingChannels(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto fail = [&](const char* message) {
    Napi::TypeError::New(env, std::string("workingChannels: ") + message).ThrowAsJavaScriptException();
    return env.Undefined();
  };
  if (info.Length() < 7) return fail("expected 7 arguments");
  for (int i = 1; i <= 4; ++i) {
    if (!info[i].IsNumber()) return fail("srcW, factor, w and h must be numbers");
  }
  const double srcWd = info[1].As<Napi::Number>().DoubleValue();
  const double factord = info[2].As<Napi::Number>().DoubleValue();
  const double wd = info[3].As<Napi::Number>().DoubleValue();
  const double hd = info[4].As<Napi::Number>().DoubleValue();
  for (double v : {srcWd, factord, wd, hd}) {
    if (!(v >= 1 && v <= kMaxSide) || v != std::floor(v)) return fail("srcW, factor, w and h must be whole numbers ≥ 1");
  }
  const int srcW = static_cast<int>(srcWd), factor = static_cast<int>(factord);
  const int w = static_cast<int>(wd), h = static_cast<int>(hd);
  if (static_cast<int64_t>(w) * factor > srcW) return fail("w × factor exceeds srcW");
  void* data[3] = {nullptr, nullptr, nullptr};
  const napi_typedarray_type types[3] = {napi_uint8_array, napi_float32_array, napi_float32_array};
  size_t lengths[3] = {0, 0, 0};
  for (int i = 0; i < 3; ++i) {
    bool is = false;
    napi_typedarray_type type;
    if (napi_is_typedarray(env, info[i == 0 ? 0 : 4 + i], &is) != napi_ok || !is ||
        napi_get_typedarray_info(env, info[i == 0 ? 0 : 4 + i], &type, &lengths[i], &data[i], nullptr, nullptr) != napi_ok ||
        type != types[i]) {
      return fail("frame must be a Uint8Array, luma and motion Float32Arrays");
    }
  }
  const int64_t plane = static_cast<int64_t>(w) * h;
  const int64_t frameBytes = ((static_cast<int64_t>(h) * factor - 1) * srcW + static_cast<int64_t>(w) * factor) * 4;
  if (static_cast<int64_t>(lengths[0]) < frameBytes) return fail("frame is too short");
  if (static_cast<int64_t>(lengths[1]) < plane || static_cast<int64_t>(lengths[2]) < plane) return fail("luma or motion is too short");
  const uint8_t* frame = static_cast<const uint8_t*>(data[0]);
  float* luma = static_cast<float*>(data[1]);
  float* motion = static_cast<float*>(data[2]);
  const double norm = 1.0 / (static_cast<double>(factor) * factor);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      double l = 0;
      int c = 0;
      for (int j = 0; j < factor; ++j) {
        const uint8_t* p = frame + ((static_cast<int64_t>(y) * factor + j) * srcW + static_cast<int64_t>(x) * factor) * 4;
        for (int i = 0; i < factor; ++i, p += 4) {
          const int r = p[0], g = p[1], b = p[2];
          const int hi = r > g ? (r > b ? r : b) : (g > b ? g : b);
          const int lo = r < g ? (r < b ? r : b) : (g < b ? g : b);
          l += 0.299 * r + 0.587 * g + 0.114 * b;
          c += hi - lo;
        }
      }
      luma[y * w + x] = static_cast<float>(l * norm);
      motion[y * w + x] = static_cast<float>((l + kMotionChroma * c) * norm);
    }
  }
  return env.Undefined();
}

// ------------------------------------------------------------------------------- matchBlocks

// The descent search's cost of one block: SAD + tie-break, memoised per block.
class BlockCost {
 public:
  BlockCost(const float* a, const float* b, int w, int h) : a_(a), b_(b), w_(w), h_(h) {}

  void Start(int x0, int y0, int pdx, int pdy) {
    ++stamp_;
    bx0_ = x0;
    by0_ = y0;
    bpx_ = pdx;
    bpy_ = pdy;
  }

  double operator()(int dx, int dy, double limit) {
    if (std::abs(dx - bpx_) > kSearchRadius || std::abs(dy - bpy_) > kSearchRadius || by0_ + dy < 1 ||
        by0_ + dy + kBlock > h_ - 1 || bx0_ + dx < 1 || bx0_ + dx + kBlock > w_ - 1) {
      return kInf;
    }
    const int key = (dy - bpy_ + kSearchRadius) * kSpan + (dx - bpx_ + kSearchRadius);
    if (seen_[key] == stamp_) return seenCost_[key];
    double sum = kBlockTie * kBlockPixels * (std::abs(dx - bpx_) + std::abs(dy - bpy_));
    for (int yy = 0; yy < kBlock && sum <= limit; ++yy) {
      const float* ra = a_ + static_cast<ptrdiff_t>(by0_ + yy) * w_ + bx0_;
      const float* rb = b_ + static_cast<ptrdiff_t>(by0_ + dy + yy) * w_ + bx0_ + dx;
      for (int xx = 0; xx < kBlock; ++xx) sum += std::fabs(static_cast<double>(ra[xx]) - static_cast<double>(rb[xx]));
    }
    // A cost cut short by the limit is only a lower bound: do not memoise it.
    if (sum <= limit) {
      seen_[key] = stamp_;
      seenCost_[key] = sum;
    }
    return sum;
  }

 private:
  const float* a_;
  const float* b_;
  int w_, h_;
  int bx0_ = 0, by0_ = 0, bpx_ = 0, bpy_ = 0;
  uint32_t stamp_ = 0;
  uint32_t seen_[kSpan * kSpan] = {};
  double seenCost_[kSpan * kSpan] = {};
};

Napi::Value MatchBlocks(const Napi::CallbackInfo& info) {
  Args args(info, "matchBlocks");
  int w, h;
  const size_t plane = args.Plane(w, h);
  const float* a = args.Array<float>("a", napi_float32_array, plane);
  const float* b = args.Array<float>("b", napi_float32_array, plane);
  if (args.failed()) return args.env().Undefined();
  Napi::Value x0Value = info[0].As<Napi::Object>().Get("x0");
  if (!x0Value.IsTypedArray()) return args.Fail("x0", "has the wrong type"), args.env().Undefined();
  const size_t n = x0Value.As<Napi::TypedArray>().ElementLength();
  const int32_t* gx0 = args.Array<int32_t>("x0", napi_int32_array, n);
  const int32_t* gy0 = args.Array<int32_t>("y0", napi_int32_array, n);
  const double* px = args.Array<double>("px", napi_float64_array, n);
  const double* py = args.Array<double>("py", napi_float64_array, n);
  const uint8_t* use = args.Array<uint8_t>("use", napi_uint8_array, n, true);
  const double coarseDx = args.Int("coarseDx", -kMaxSide, kMaxSide);
  const double coarseDy = args.Int("coarseDy", -kMaxSide, kMaxSide);
  const double* model = args.Array<double>("previousModel", napi_float64_array, 6, true);
  const double* previousU = args.Array<double>("previousU", napi_float64_array, n, true);
  const double* previousV = args.Array<double>("previousV", napi_float64_array, n, true);
  double* u = args.Array<double>("u", napi_float64_array, n);
  double* v = args.Array<double>("v", napi_float64_array, n);
  double* wxx = args.Array<double>("wxx", napi_float64_array, n);
  double* wxy = args.Array<double>("wxy", napi_float64_array, n);
  double* wyy = args.Array<double>("wyy", napi_float64_array, n);
  double* unexplained = args.Array<double>("unexplained", napi_float64_array, n);
  if (args.failed()) return args.env().Undefined();
  // Every block with its 1-pixel rim inside the frame (blockGrid's layout): the gradients read it.
  for (size_t i = 0; i < n; ++i) {
    if (gx0[i] < 1 || gy0[i] < 1 || gx0[i] + kBlock > w - 1 || gy0[i] + kBlock > h - 1) {
      return args.Fail("x0", "places a block outside the frame"), args.env().Undefined();
    }
  }

  constexpr double eps = kBlockPixels * kGradientNoise * kGradientNoise;
  BlockCost cost(a, b, w, h);
  double gradX[kBlockPixels], gradY[kBlockPixels];
  uint32_t count = 0;
  for (size_t i = 0; i < n; ++i) {
    if (use && !use[i]) continue;
    const int x0 = gx0[i], y0 = gy0[i];
    double pdxd = coarseDx, pdyd = coarseDy;
    if (model) {
      pdxd += Clamp(-3, 3, JsRound(model[1] * px[i] + model[2] * py[i]));
      pdyd += Clamp(-3, 3, JsRound(model[4] * px[i] + model[5] * py[i]));
    }
    // A NaN prediction matches nothing in the JavaScript kernel either.
    if (std::isnan(pdxd) || std::isnan(pdyd)) continue;
    const int pdx = static_cast<int>(pdxd), pdy = static_cast<int>(pdyd);
    cost.Start(x0, y0, pdx, pdy);
    double best = kInf;
    int bdx = 0, bdy = 0;
    const int starts = previousU && previousV ? 2 : 1;
    for (int st = 0; st < starts; ++st) {
      int cx = pdx, cy = pdy;
      if (st == 1) {
        const double rx = JsRound(previousU[i]), ry = JsRound(previousV[i]);
        if (rx == pdx && ry == pdy) continue;
        // Out of the search window (or NaN) the start costs Infinity and is skipped.
        if (!(std::fabs(rx - pdx) <= kSearchRadius && std::fabs(ry - pdy) <= kSearchRadius)) continue;
        cx = static_cast<int>(rx);
        cy = static_cast<int>(ry);
      }
      double cur = cost(cx, cy, kInf);
      if (cur == kInf) continue;
      for (int step = 0; step < 2 * kSearchRadius; ++step) {
        int nx = cx, ny = cy;
        double nc = cur;
        for (int jy = -1; jy <= 1; ++jy) {
          for (int jx = -1; jx <= 1; ++jx) {
            if (jx == 0 && jy == 0) continue;
            const double c = cost(cx + jx, cy + jy, nc);
            if (c < nc) {
              nc = c;
              nx = cx + jx;
              ny = cy + jy;
            }
          }
        }
        if (nx == cx && ny == cy) break;
        cx = nx;
        cy = ny;
        cur = nc;
      }
      if (cur < best) {
        best = cur;
        bdx = cx;
        bdy = cy;
      }
    }
    if (best == kInf) continue;
    double gxx = 0, gxy = 0, gyy = 0, gxt = 0, gyt = 0, sad = 0, mag = 0;
    for (int yy = 0, k = 0; yy < kBlock; ++yy) {
      ptrdiff_t pa = static_cast<ptrdiff_t>(y0 + yy) * w + x0;
      ptrdiff_t pb = pa + static_cast<ptrdiff_t>(bdy) * w + bdx;
      for (int xx = 0; xx < kBlock; ++xx, ++pa, ++pb, ++k) {
        const double ix = 0.25 * (static_cast<double>(a[pa + 1]) - a[pa - 1] + b[pb + 1] - b[pb - 1]);
        const double iy = 0.25 * (static_cast<double>(a[pa + w]) - a[pa - w] + b[pb + w] - b[pb - w]);
        const double it = static_cast<double>(b[pb]) - a[pa];
        gradX[k] = ix;
        gradY[k] = iy;
        gxx += ix * ix;
        gxy += ix * iy;
        gyy += iy * iy;
        gxt += ix * it;
        gyt += iy * it;
        sad += std::fabs(it);
        mag += std::fabs(static_cast<double>(a[pa])) + std::fabs(static_cast<double>(b[pb]));
      }
    }
    if (mag > 2 * kBlockPixels) unexplained[count++] = sad / (mag + kBlockPixels);
    const double small = kBlockPixels;
    const double s11 = gxx + small, s22 = gyy + small, det = s11 * s22 - gxy * gxy;
    double ddx = Clamp(-1, 0.999, -(s22 * gxt - gxy * gyt) / det);
    double ddy = Clamp(-1, 0.999, -(s11 * gyt - gxy * gxt) / det);
    if (std::fabs(ddx) + std::fabs(ddy) > 0.05) {
      const double fx = std::floor(ddx), fy = std::floor(ddy), ax = ddx - fx, ay = ddy - fy;
      double ext = 0, eyt = 0;
      for (int yy = 0, k = 0; yy < kBlock; ++yy) {
        const ptrdiff_t pa0 = static_cast<ptrdiff_t>(y0 + yy) * w + x0;
        ptrdiff_t pb = pa0 + (bdy + static_cast<ptrdiff_t>(fy)) * w + bdx + static_cast<ptrdiff_t>(fx);
        for (int xx = 0; xx < kBlock; ++xx, ++pb, ++k) {
          const double top = b[pb] + ax * (static_cast<double>(b[pb + 1]) - b[pb]);
          const double bottom = b[pb + w] + ax * (static_cast<double>(b[pb + w + 1]) - b[pb + w]);
          const double it = top + ay * (bottom - top) - a[pa0 + xx];
          ext += gradX[k] * it;
          eyt += gradY[k] * it;
        }
      }
      ddx = Clamp(-1, 0.999, ddx - (s22 * ext - gxy * eyt) / det);
      ddy = Clamp(-1, 0.999, ddy - (s11 * eyt - gxy * ext) / det);
    }
    u[i] = bdx + ddx;
    v[i] = bdy + ddy;
    const double q = sad / kBlockPixels / kMatchQualityMad;
    const double quality = 1 / (1 + q * q);
    const double m11 = gxx + eps, m22 = gyy + eps, mdet = m11 * m22 - gxy * gxy;
    wxx[i] = (quality * (gxx * m22 - gxy * gxy)) / mdet;
    wxy[i] = (quality * gxy * eps) / mdet;
    wyy[i] = (quality * (gyy * m11 - gxy * gxy)) / mdet;
  }
  return Napi::Number::New(args.env(), count);
}

// -------------------------------------------------------------------------------- compensate

Napi::Value Compensate(const Napi::CallbackInfo& info) {
  Args args(info, "compensate");
  int w, h;
  const size_t plane = args.Plane(w, h);
  const float* a = args.Array<float>("a", napi_float32_array, plane);
  const float* b = args.Array<float>("b", napi_float32_array, plane);
  const double* m = args.Array<double>("model", napi_float64_array, 6);
  const bool identity = args.Bool("identity");
  float* warped = args.Array<float>("warped", napi_float32_array, plane);
  uint8_t* inside = args.Array<uint8_t>("inside", napi_uint8_array, plane);
  float* diff = args.Array<float>("diff", napi_float32_array, plane);
  uint32_t* hist = args.Array<uint32_t>("hist", napi_uint32_array, kDiffBins);
  if (args.failed()) return args.env().Undefined();
  const double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
  for (int i = 0; i < kDiffBins; ++i) hist[i] = 0;
  uint32_t valid = 0;
  for (int y = 0; y < h; ++y) {
    const double Y = y - cy;
    double sx = m[0] - m[1] * cx + m[2] * Y, sy = y + m[3] - m[4] * cx + m[5] * Y;
    const double stepX = 1 + m[1], stepY = m[4];
    for (int x = 0; x < w; ++x, sx += stepX, sy += stepY) {
      const ptrdiff_t p = static_cast<ptrdiff_t>(y) * w + x;
      double value;
      if (identity) {
        value = b[p];
      } else {
        if (sx < 0 || sy < 0 || sx >= w - 1 || sy >= h - 1) {
          inside[p] = 0;
          diff[p] = 0;
          continue;
        }
        if (std::isnan(sx) || std::isnan(sy)) {
          value = kNaN;  // JavaScript reads undefined at a NaN index
        } else {
          const double fx = std::floor(sx), fy = std::floor(sy);
          const double ax = sx - fx, ay = sy - fy;
          const ptrdiff_t q = static_cast<ptrdiff_t>(fy) * w + static_cast<ptrdiff_t>(fx);
          const double top = b[q] + ax * (static_cast<double>(b[q + 1]) - b[q]);
          const double bottom = b[q + w] + ax * (static_cast<double>(b[q + w + 1]) - b[q + w]);
          value = top + ay * (bottom - top);
        }
      }
      inside[p] = 1;
      warped[p] = static_cast<float>(value);
      const double d = std::fabs(value - a[p]);
      diff[p] = static_cast<float>(d);
      hist[d < kDiffBins - 1 ? static_cast<int>(d) : kDiffBins - 1]++;
      ++valid;
    }
  }
  return Napi::Number::New(args.env(), valid);
}

// ---------------------------------------------------------------------------- searchTemplate

Napi::Value SearchTemplate(const Napi::CallbackInfo& info) {
  Args args(info, "searchTemplate");
  int w, h;
  const size_t plane = args.Plane(w, h);
  const int nt = args.Int("count", 0, static_cast<int>(plane));
  const float* a = args.Array<float>("a", napi_float32_array, plane);
  const float* warped = args.Array<float>("warped", napi_float32_array, plane);
  const uint8_t* inside = args.Array<uint8_t>("inside", napi_uint8_array, plane);
  const int32_t* tpl = args.Array<int32_t>("template", napi_int32_array, nt);
  const int32_t* tx = args.Array<int32_t>("templateX", napi_int32_array, nt);
  const int32_t* ty = args.Array<int32_t>("templateY", napi_int32_array, nt);
  int32_t* offset = args.Array<int32_t>("offset", napi_int32_array, 2);
  if (args.failed()) return args.env().Undefined();
  for (int k = 0; k < nt; ++k) {
    if (tx[k] < 0 || ty[k] < 0 || tx[k] >= w || ty[k] >= h || tpl[k] != ty[k] * w + tx[k]) {
      return args.Fail("template", "does not match templateX / templateY"), args.env().Undefined();
    }
  }
  // Mean difference + tie at (vx, vy), pruned exactly as in template-search.ts.
  auto cost = [&](int vx, int vy, double best, double bar) -> double {
    const ptrdiff_t off = static_cast<ptrdiff_t>(vy) * w + vx;
    const double tie = kSubjectTie * (std::abs(vx) + std::abs(vy));
    double sum = 0;
    int n = 0;
    for (int from = 0; from < nt; from += kTemplateChunk) {
      const int to = nt < from + kTemplateChunk ? nt : from + kTemplateChunk;
      for (int k = from; k < to; ++k) {
        const int x = tx[k] + vx, y = ty[k] + vy;
        if (x < 0 || y < 0 || x >= w || y >= h) continue;
        const ptrdiff_t p = tpl[k];
        if (!inside[p + off]) continue;
        sum += std::fabs(static_cast<double>(a[p]) - static_cast<double>(warped[p + off]));
        ++n;
      }
      const double bound = sum / nt + tie;
      if (bound >= best || bound > bar) return kInf;
    }
    return n < nt / 2.0 ? kInf : sum / n + tie;
  };
  constexpr int R = kSubjectSearch;
  const double zero = cost(0, 0, kInf, kInf);
  double best = kInf;
  int bvx = 0, bvy = 0;
  for (int vy = -R; vy <= R; vy += 2) {
    for (int vx = -R; vx <= R; vx += 2) {
      const double c = vx == 0 && vy == 0 ? zero : cost(vx, vy, best, zero);
      if (c < best) {
        best = c;
        bvx = vx;
        bvy = vy;
      }
    }
  }
  const int gx = bvx, gy = bvy;
  for (int vy = gy - 1; vy <= gy + 1; ++vy) {
    for (int vx = gx - 1; vx <= gx + 1; ++vx) {
      if ((vx == gx && vy == gy) || std::abs(vx) > R || std::abs(vy) > R) continue;
      const double c = cost(vx, vy, best, kInf);
      if (c < best) {
        best = c;
        bvx = vx;
        bvy = vy;
      }
    }
  }
  offset[0] = bvx;
  offset[1] = bvy;
  return args.env().Undefined();
}

}  // namespace

void RegisterMotion(Napi::Env env, Napi::Object exports) {
  exports.Set("workingChannels", Napi::Function::New(env, WorkingChannels, "workingChannels"));
  exports.Set("matchBlocks", Napi::Function::New(env, MatchBlocks, "matchBlocks"));
  exports.Set("compensate", Napi::Function::New(env, Compensate, "compensate"));
  exports.Set("searchTemplate", Napi::Function::New(env, SearchTemplate, "searchTemplate"));
  Napi::Object constants = Napi::Object::New(env);
  constants.Set("block", kBlock);
  constants.Set("searchRadius", kSearchRadius);
  constants.Set("blockTie", kBlockTie);
  constants.Set("gradientNoise", kGradientNoise);
  constants.Set("matchQualityMad", kMatchQualityMad);
  constants.Set("subjectSearch", kSubjectSearch);
  constants.Set("subjectTie", kSubjectTie);
  constants.Set("diffBins", kDiffBins);
  constants.Set("motionChroma", kMotionChroma);
  exports.Set("motionConstants", constants);
}
