#include "kernels.h"

#include <napi.h>

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  RegisterHistogram(env, exports);
  RegisterMotion(env, exports);
  exports.Set("abiVersion", Napi::Number::New(env, 1));
  return exports;
}

}  // namespace

NODE_API_MODULE(motion_native, Init)
