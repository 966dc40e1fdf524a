# plots/panels.gp: the layout of a chart's small multiples, loaded by xy.gp and
# bars.gp once their variables are set (bench/report/charts.c).
#
# np panels of one size with the same axes, up to three a row, and one legend
# for all of them: in the grid's first free cell, else in a strip on the right.
# Uses: np, nk, bmarg (bottom margin in characters).  Defines W, H (pixels),
# px(i), py(i), sw, sh (panel i's origin and size, screen fractions), lx, ly,
# lwid, lhei (the legend's), left(i), bottom(i) (does panel i carry the axis
# label), and the title band's label positions t1, t2.

T = 58
if (np == 1) {
	cols = 1; rows = 1; pw = 620; ph = 380
} else {
	cols = (np <= 3) ? np : ((np == 4) ? 2 : 3)
	rows = int(ceil(np * 1.0 / cols))
	pw = (cols == 2) ? 420 : 340
	ph = 280 + 10 * (bmarg - 3)
}
free = rows * cols - np
LW = (free > 0 || nk == 0) ? 0 : ((np == 1) ? 260 : 230)
W = cols * pw + LW
H = T + rows * ph
px(i) = ((i - 1) % cols) * pw * 1.0 / W
py(i) = 1.0 - (T + (int((i - 1) / cols) + 1) * ph) * 1.0 / H
sw = pw * 1.0 / W
sh = ph * 1.0 / H
if (free > 0) {
	lx = px(np + 1); ly = py(np + 1); lwid = sw; lhei = sh
} else {
	lx = cols * pw * 1.0 / W; ly = 0; lwid = LW * 1.0 / W; lhei = rows * ph * 1.0 / H
}
left(i) = ((i - 1) % cols) == 0
bottom(i) = (i + cols) > np
t1 = 1.0 - 16.0 / H
t2 = 1.0 - 36.0 / H
headline = ttl . (strlen(better) > 0 ? ' (' . better . ')' : '')
