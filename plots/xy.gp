# plots/xy.gp: lines (p50) with an optional shaded band (p10..p90), as small
# multiples (one panel per platform or per variant) with one legend, drawn by
# `dmabench report` and `dmabench compare` (bench/report/charts.c).
#
# Variables, set with gnuplot -e:
#   datafile  blocks "x y lo hi", one per series in panel order, two blank lines apart
#   outbase   output path without extension: writes outbase.svg and outbase.png
#   plots     this folder (for panels.gp)
#   ttl, better, keynote, xlab, ylab   title, "lower is better", note, axis labels
#   n, colors, dashes, panels   series: colour ('#1f77b4'), dash type, panel (1..np)
#   np, ptitles   panels and their titles
#   nk, ktitles, kcolors, kdashes, kpoints   the legend
#   xmin xmax ymin ymax, logx logy, xtics ytics ('("4 KiB" 4096, ...)', '': gnuplot's)
#   band      0/1: draw the p10..p90 band

bmarg = 3
load plots . '/panels.gp'
dash(i) = word(dashes, i) + 0
kdash(i) = word(kdashes, i) + 0
mine(i, p) = (word(panels, i) + 0) == p

do for [pass = 1:2] {
	if (pass == 1) {
		set terminal svg size W, H noenhanced font 'sans,10' background rgb 'white'
		set output outbase . '.svg'
	} else {
		if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
			set terminal pngcairo size W, H noenhanced font 'sans,8' background rgb 'white'
		} else {
			set terminal png size W, H noenhanced background rgb 'white'
		}
		set output outbase . '.png'
	}
	set multiplot
	do for [p = 1:np] {
		reset
		if (p == 1) {
			set label 1 headline at screen 0.5, screen t1 center font ',12' noenhanced
			set label 2 keynote at screen 0.5, screen t2 center font ',9' noenhanced tc rgb '#555555'
		}
		set datafile missing 'NaN'
		set origin px(p), py(p)
		set size sw, sh
		set lmargin 10; set rmargin 2; set tmargin 2; set bmargin bmarg
		set title word(ptitles, p) noenhanced
		set grid xtics ytics lc rgb '#e4e4e4'
		set border 3 lc rgb '#888888'
		set tics nomirror
		set xrange [xmin:xmax]
		set yrange [ymin:ymax]
		if (logx) { set logscale x 2 }
		if (logy) { set logscale y 10 }
		if (strlen(xtics) > 0) { eval('set xtics ' . xtics) }
		if (strlen(ytics) > 0) { eval('set ytics ' . ytics) }
		if (left(p)) { set ylabel ylab noenhanced }
		if (bottom(p)) { set xlabel xlab noenhanced }
		unset key
		if (band) {
			plot for [i=1:n] datafile index (i-1) using 1:(mine(i, p) ? $3 : NaN):4 with filledcurves fc rgb word(colors, i) fs transparent solid 0.15 noborder, \
			     for [i=1:n] datafile index (i-1) using 1:(mine(i, p) ? $2 : NaN) with linespoints lc rgb word(colors, i) dt dash(i) lw 2 pt 7 ps 0.5
		} else {
			plot for [i=1:n] datafile index (i-1) using 1:(mine(i, p) ? $2 : NaN) with linespoints lc rgb word(colors, i) dt dash(i) lw 2 pt 7 ps 0.5
		}
	}
	reset
	unset label
	set origin lx, ly
	set size lwid, lhei
	unset border; unset tics; unset xlabel; unset ylabel; unset title
	set lmargin 0; set rmargin 0; set tmargin 2; set bmargin 0
	set xrange [0:1]; set yrange [10:11]	# the key samples only: nothing of 2 is drawn
	set key inside left top Left reverse samplen 3 noenhanced
	plot for [i=1:nk] 2 with lines lc rgb word(kcolors, i) dt kdash(i) lw 2 title word(ktitles, i)
	unset multiplot
	set output
}
