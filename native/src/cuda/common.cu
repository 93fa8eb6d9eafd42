// Device plumbing for the CUDA backend: probe() (never throws), device selection, error checks, plain device
// and pinned allocations whose failure names bytes needed and free, and the per-session Context (stream, cuBLAS).
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <string>

#include "cuda/kernels.h"

#if RUNG_CUDA_CUBLAS
#include <cublas_v2.h>
#endif

namespace rung {
namespace cuda {

void check(cudaError_t e, const char* what) {
  if (e == cudaSuccess) return;
  (void)cudaGetLastError();  // clear a sticky-free error so later calls are not poisoned
  throw std::runtime_error(std::string("CUDA error in ") + what + ": " + cudaGetErrorName(e) + ": " + cudaGetErrorString(e));
}

std::string format_bytes(int64_t b) {
  char buf[64];
  if (b >= (int64_t(1) << 30)) std::snprintf(buf, sizeof buf, "%.2f GiB", (double)b / (double)(int64_t(1) << 30));
  else if (b >= (int64_t(1) << 20)) std::snprintf(buf, sizeof buf, "%.1f MiB", (double)b / (double)(1 << 20));
  else std::snprintf(buf, sizeof buf, "%lld bytes", (long long)b);
  return std::string(buf) + " (" + std::to_string(b) + " bytes)";
}

static std::string oom_message(const char* what, int64_t needed) {
  size_t free_b = 0, total_b = 0;
  (void)cudaMemGetInfo(&free_b, &total_b);
  return std::string("CUDA out of memory: ") + what + " needs " + format_bytes(needed) + ", the device has " + format_bytes((int64_t)free_b) +
         " free of " + format_bytes((int64_t)total_b) + ". Use a smaller batch or model, or device: 'cpu'.";
}

void require_free(int64_t bytes, const char* what, double headroom) {
  size_t free_b = 0, total_b = 0;
  check(cudaMemGetInfo(&free_b, &total_b), "cudaMemGetInfo");
  if ((double)bytes > (double)free_b * (1.0 - headroom)) throw OutOfMemory(oom_message(what, bytes));
}

void DeviceBuffer::alloc(size_t n, const char* what) {
  release();
  if (n == 0) return;
  const cudaError_t e = cudaMalloc(&p, n);
  if (e == cudaErrorMemoryAllocation) {
    (void)cudaGetLastError();
    p = nullptr;
    throw OutOfMemory(oom_message(what, (int64_t)n));
  }
  check(e, what);
  bytes = n;
}
void DeviceBuffer::reserve(size_t n, const char* what) {
  if (n > bytes) alloc(n, what);
}
void DeviceBuffer::release() {
  if (p) cudaFree(p);
  p = nullptr;
  bytes = 0;
}
DeviceBuffer::~DeviceBuffer() { release(); }

void PinnedBuffer::reserve(size_t n, const char* what) {
  if (n <= bytes) return;
  if (p) cudaFreeHost(p);
  p = nullptr;
  bytes = 0;
  const cudaError_t e = cudaMallocHost(&p, n);
  if (e != cudaSuccess) {
    (void)cudaGetLastError();
    p = nullptr;
    throw OutOfMemory(std::string("pinned host memory for ") + what + ": could not allocate " + format_bytes((int64_t)n) + " (" +
                      cudaGetErrorString(e) + ")");
  }
  bytes = n;
}
PinnedBuffer::~PinnedBuffer() {
  if (p) cudaFreeHost(p);
}

// ---- probe

static std::string reason_for(cudaError_t e) {
  std::string why;
  switch (e) {
    case cudaErrorNoDevice: why = "no CUDA device"; break;
    case cudaErrorInsufficientDriver: why = "no CUDA device: the NVIDIA driver is missing or older than this build's CUDA runtime needs"; break;
    case cudaErrorInitializationError: why = "no CUDA device: the CUDA driver failed to initialise"; break;
    case cudaErrorSystemDriverMismatch: why = "no CUDA device: the NVIDIA kernel module and driver library versions differ"; break;
    default: why = "no CUDA device"; break;
  }
  return why + " (cudaGetDeviceCount: " + cudaGetErrorName(e) + ": " + cudaGetErrorString(e) + ")";
}

static Probe probe_once() {
  Probe p;
  p.gemm = gemm_backend();
  (void)cudaRuntimeGetVersion(&p.runtime_version);
  (void)cudaDriverGetVersion(&p.driver_version);
  int count = 0;
  const cudaError_t e = cudaGetDeviceCount(&count);
  if (e != cudaSuccess) {
    (void)cudaGetLastError();
    p.reason = reason_for(e);
    return p;
  }
  p.device_count = count;
  if (count == 0) {
    p.reason = "no CUDA device (the driver reports 0 devices)";
    return p;
  }
  int dev = 0;
  if (const char* s = std::getenv("RUNG_CUDA_DEVICE")) dev = std::atoi(s);
  if (dev < 0 || dev >= count) {
    p.reason = "RUNG_CUDA_DEVICE=" + std::to_string(dev) + " but the machine has " + std::to_string(count) + " CUDA device(s)";
    return p;
  }
  p.device = dev;
  cudaDeviceProp prop{};
  cudaError_t pe = cudaGetDeviceProperties(&prop, dev);
  if (pe != cudaSuccess) {
    (void)cudaGetLastError();
    p.reason = std::string("cudaGetDeviceProperties failed: ") + cudaGetErrorString(pe);
    return p;
  }
  p.name = prop.name;
  p.cc_major = prop.major;
  p.cc_minor = prop.minor;
  p.total_memory = (int64_t)prop.totalGlobalMem;
  p.sm_count = prop.multiProcessorCount;
  if (prop.major * 10 + prop.minor < 75) {
    p.reason = "the CUDA device " + p.name + " has compute capability " + std::to_string(prop.major) + "." + std::to_string(prop.minor) +
               "; this build needs 7.5 or newer";
    return p;
  }
  p.available = true;
  return p;
}

Probe probe() {
  static std::once_flag once;
  static Probe cached;
  std::call_once(once, [] {
    try {
      cached = probe_once();
    } catch (...) {
      cached = Probe{};
      cached.reason = "CUDA probe failed";
    }
  });
  Probe p = cached;
  if (p.available) {
    size_t free_b = 0, total_b = 0;
    if (cudaSetDevice(p.device) == cudaSuccess && cudaMemGetInfo(&free_b, &total_b) == cudaSuccess) p.free_memory = (int64_t)free_b;
    else (void)cudaGetLastError();
  }
  return p;
}

int select_device() {
  const Probe p = probe();
  if (!p.available) throw std::runtime_error("device 'cuda' was requested but " + p.reason);
  check(cudaSetDevice(p.device), "cudaSetDevice");
  return p.device;
}

const char* gemm_backend() {
#if RUNG_CUDA_CUBLAS
  return "cublas";
#else
  return "rung-simt";
#endif
}

// ---- Context

Context::Context(Precision p) : precision(p) {
  device = select_device();
  check(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking), "cudaStreamCreate");
#if RUNG_CUDA_CUBLAS
  cublasHandle_t h = nullptr;
  if (cublasCreate(&h) != CUBLAS_STATUS_SUCCESS) {
    cudaStreamDestroy(stream);
    throw std::runtime_error("cuBLAS could not be initialised (cublasCreate failed)");
  }
  cublasSetStream(h, stream);
  // fp32: plain FP32 SGEMM (CUBLAS_DEFAULT_MATH never uses TF32 for sgemm); tf32: tensor cores, FP32 accumulation.
  cublasSetMathMode(h, p == Precision::tf32 ? CUBLAS_TF32_TENSOR_OP_MATH : CUBLAS_DEFAULT_MATH);
  cublas = h;
#endif
}

Context::~Context() {
#if RUNG_CUDA_CUBLAS
  if (cublas) cublasDestroy(static_cast<cublasHandle_t>(cublas));
#endif
  if (stream) cudaStreamDestroy(stream);
}

void Context::sync() const { check(cudaStreamSynchronize(stream), "cudaStreamSynchronize"); }

}  // namespace cuda
}  // namespace rung
