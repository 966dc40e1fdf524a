/* SPDX-License-Identifier: GPL-2.0 */
#ifndef DMABENCH_VERSION_H
#define DMABENCH_VERSION_H

#define DMABENCH_VERSION	"0.1.0"

#endif /* DMABENCH_VERSION_H */
