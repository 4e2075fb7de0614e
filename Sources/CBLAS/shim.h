// The C interface of OpenBLAS: CBLAS plus openblas_get_corename and
// openblas_set_num_threads. Only Sources/AttainmentCore/Linear/Matrix+BLAS.swift imports it.
#include <cblas.h>
