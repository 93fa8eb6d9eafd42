// Giving freed heap memory back to the OS: release_freed_memory() asks glibc's malloc to return the free pages of
// every arena (malloc_trim). glibc keeps what a thread frees in that thread's arena for reuse, and returns it only from
// the top of each heap; after a long call (an import's checks, layer metrics over a million verdicts) most of the
// arena is free but stays resident, so the process grows by every long call's peak. Elsewhere (macOS, Windows, musl)
// the allocator returns memory on its own terms and this does nothing.
#pragma once

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace rung_addon {

// True when the allocator was asked (glibc), false where there is nothing to ask.
inline bool release_freed_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);  // 0: keep no padding at the top of the main heap; every arena's whole free pages are released
  return true;
#else
  return false;
#endif
}

}  // namespace rung_addon
