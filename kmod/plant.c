// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench: a planted slowdown, for measuring the regression gate.
 *
 * `make bench-gate` asks how often `dmabench compare --fail-above` catches
 * a real slowdown of a kernel operation.  Editing results would only test
 * the arithmetic; this makes the chosen BENCH ops really take longer, in
 * the timed window, so the gate sees what a slower kernel would give it:
 * the same noise, stretched.  Off unless both parameters are set at load
 * time (0444: a run cannot change them half way).
 */
#include <linux/moduleparam.h>
#include <linux/processor.h>
#include <linux/sched/signal.h>
#include <linux/timekeeping.h>

#include "dmabench_internal.h"

/* Four times as long at most: a sample stays inside its time budget's reach. */
#define DMABENCH_PLANT_PCT_MAX	400

static unsigned int plant_ops;
static unsigned int plant_pct = 100;

static int dmabench_set_plant_ops(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 0, BIT(DMABENCH_OP_COUNT) - 1);
}

static const struct kernel_param_ops dmabench_plant_ops_ops = {
	.set = dmabench_set_plant_ops,
	.get = param_get_uint,
};

static int dmabench_set_plant_pct(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 100, DMABENCH_PLANT_PCT_MAX);
}

static const struct kernel_param_ops dmabench_plant_pct_ops = {
	.set = dmabench_set_plant_pct,
	.get = param_get_uint,
};

module_param_cb(plant_ops, &dmabench_plant_ops_ops, &plant_ops, 0444);
MODULE_PARM_DESC(plant_ops, "Gate benchmark only: bit (1 << op) per BENCH op to slow down (default 0, none)");
module_param_cb(plant_pct, &dmabench_plant_pct_ops, &plant_pct, 0444);
MODULE_PARM_DESC(plant_pct, "Gate benchmark only: how long the plant_ops take, 100..400 % of their time (default 100)");

/*
 * The end of a timed window [@t0, @t1] of @op: @t1, or for a planted op
 * the moment it has lasted plant_pct % as long, spun away with the CPU
 * held as the op held it.  The callers read the clock again after it, so
 * what is timed is the stretched window.
 */
u64 dmabench_plant_stretch(u32 op, u64 t0, u64 t1)
{
	u64 until, now = t1;

	if (!(plant_ops & BIT(op)) || plant_pct <= 100 || t1 <= t0)
		return t1;
	/* A window is bounded by the batch budget: no overflow in ns * 400. */
	until = t0 + div_u64((t1 - t0) * plant_pct, 100);
	/* A dying caller stops spinning, as a batch stops after its op. */
	while (now < until && !fatal_signal_pending(current)) {
		cpu_relax();
		now = ktime_get_ns();
	}
	return now;
}

bool dmabench_plant_active(void)
{
	return plant_ops && plant_pct > 100;
}
