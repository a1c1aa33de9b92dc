// The kernel families of the motion_native addon; addon.cc registers them all.
#pragma once

#include <napi.h>

// histogram.cc: the static colour registry's quantized RGBA histogram.
void RegisterHistogram(Napi::Env env, Napi::Object exports);
// motion.cc: the per-window motion analysis kernels.
void RegisterMotion(Napi::Env env, Napi::Object exports);
