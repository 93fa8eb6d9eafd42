// A shared module linked like the Node addon (rung_cuda + static CUDA runtime, -static-libstdc++), for
// test_cuda_load: proves the backend loads with no CUDA shared library and answers device selection cleanly.
#include <cstdio>
#include <string>

#include "cuda/backend.h"

extern "C" __attribute__((visibility("default"))) int rung_cuda_module_info(char* buf, int size) {
  const rung::CudaInfo c = rung::cuda_info();
  std::string choice;
  try {
    const rung::Backend b = rung::choose_backend("auto");
    choice = b.cuda ? "cuda" : "cpu (" + b.why + ")";
  } catch (const std::exception& e) {
    choice = std::string("error: ") + e.what();
  }
  std::string cuda_err;
  try {
    rung::choose_backend("cuda");
  } catch (const std::exception& e) {
    cuda_err = e.what();
  }
  std::snprintf(buf, (size_t)size, "built=%d available=%d name=%s gemm=%s\nauto -> %s\ncuda -> %s", c.built, c.available, c.name.c_str(), c.gemm.c_str(),
                choice.c_str(), cuda_err.empty() ? "ok" : cuda_err.c_str());
  return c.available ? 1 : 0;
}
