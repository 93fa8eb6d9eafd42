// Loads cuda_module.so (linked like the addon) with dlopen, asks it for device selection, and checks that no
// CUDA shared library (libcudart, libcublas) was mapped: the runtime is static. Runs (and passes) without a GPU.
#include <dlfcn.h>

#include <cstdio>
#include <fstream>
#include <string>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::printf("usage: test_cuda_load MODULE\n");
    return 2;
  }
  void* h = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    std::printf("FAIL dlopen: %s\n0 passed, 1 failed\n", dlerror());
    return 1;
  }
  auto fn = reinterpret_cast<int (*)(char*, int)>(dlsym(h, "rung_cuda_module_info"));
  if (!fn) {
    std::printf("FAIL dlsym\n0 passed, 1 failed\n");
    return 1;
  }
  char buf[2048];
  const int avail = fn(buf, sizeof buf);
  std::printf("%s\n", buf);
  int failed = 0, passed = 0;
  const std::string info(buf);
  // without a device, 'auto' must fall back to the CPU with a reason and 'cuda' must be a clear error
  if (!avail) {
    const bool ok = info.find("auto -> cpu (") != std::string::npos && info.find("cuda -> device 'cuda' was requested but CUDA is unavailable") != std::string::npos;
    std::printf("%s no device: auto → cpu with the reason, cuda → a clear error\n", ok ? "ok  " : "FAIL");
    ok ? passed++ : failed++;
  } else {
    const bool ok = info.find("auto -> cuda") != std::string::npos;
    std::printf("%s device present: auto → cuda\n", ok ? "ok  " : "FAIL");
    ok ? passed++ : failed++;
  }
  std::ifstream maps("/proc/self/maps");
  std::string line, shared;
  while (std::getline(maps, line))
    if (line.find("libcudart.so") != std::string::npos) shared += line.substr(line.find('/')) + " ";
  const bool static_rt = shared.empty();
  std::printf("%s the CUDA runtime is linked statically (no libcudart.so mapped)%s\n", static_rt ? "ok  " : "FAIL", shared.c_str());
  static_rt ? passed++ : failed++;
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
