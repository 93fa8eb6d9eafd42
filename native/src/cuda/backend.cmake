# Included from native/CMakeLists.txt (top-level scope, so the CUDA language is enabled for every target that may
# link rung_cuda): enables CUDA and adds the backend when nvcc was found and RUNG_CUDA is on.
if(NOT RUNG_HAVE_CUDA)
  return()
endif()
enable_language(CUDA)
add_subdirectory(${CMAKE_CURRENT_LIST_DIR} ${CMAKE_BINARY_DIR}/cuda)
