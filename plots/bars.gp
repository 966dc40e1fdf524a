# plots/bars.gp: bars from zero (or, dots=1, points on a log axis for figures
# that span decades) with error bars, as small multiples (one panel per
# platform or per operation) with one legend; an optional reference level per
# group as a black line across it.  Drawn by `dmabench report`, `compare` and
# the anchor report (bench/report/charts.c).
#
# Variables, set with gnuplot -e:
#   datafile  blocks 0..np-1: "x value low high 0xRRGGBB pointtype width" per bar;
#             blocks np..2np-1: "group reference" per panel
#   outbase, plots, ttl, better, keynote, xlab, ylab   as xy.gp
#   np, ptitles, nk, ktitles, kcolors, kdashes, kpoints   panels and legend
#   ngroups, xtics   the x categories ('("read" 0, "write" 1)')
#   ymin ymax ytics logy dots hasref reftitle

bmarg = 6
load plots . '/panels.gp'

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
		set lmargin 10; set rmargin 4; set tmargin 2; set bmargin bmarg
		set title word(ptitles, p) noenhanced
		set grid ytics lc rgb '#e4e4e4'
		set border 3 lc rgb '#888888'
		set tics nomirror
		set xrange [-0.6:ngroups - 0.4]
		set yrange [ymin:ymax]
		if (logy) { set logscale y 10 }
		eval('set xtics ' . xtics)
		if (ngroups > 5) { set xtics rotate by -35 noenhanced scale 0 } else { set xtics noenhanced scale 0 }
		if (strlen(ytics) > 0) { eval('set ytics ' . ytics) }
		if (left(p)) { set ylabel ylab noenhanced }
		if (bottom(p) && strlen(xlab) > 0) { set xlabel xlab noenhanced }
		set bars small
		unset key
		if (dots) {
			plot datafile index (p-1) using 1:2:3:4:6:5 with yerrorbars pt variable lc rgb variable ps 0.9 lw 1.5, \
			     datafile index (np+p-1) using ($1 - 0.42):2:(0.84):(0) with vectors nohead lc rgb 'black' lw 2
		} else {
			plot datafile index (p-1) using 1:2:7:5 with boxes lc rgb variable fs solid 0.9 noborder, \
			     datafile index (p-1) using 1:3:(0):($4 - $3) with vectors nohead lc rgb '#222222' lw 1, \
			     datafile index (np+p-1) using ($1 - 0.42):2:(0.84):(0) with vectors nohead lc rgb 'black' lw 2
		}
	}
	reset
	unset label
	set origin lx, ly
	set size lwid, lhei
	unset border; unset tics; unset xlabel; unset ylabel; unset title
	set lmargin 0; set rmargin 0; set tmargin 2; set bmargin 0
	set xrange [0:1]; set yrange [10:11]	# the key samples only: nothing of 2 is drawn
	set key inside left top Left reverse samplen 2 noenhanced
	if (dots) {
		plot for [i=1:nk] 2 with points lc rgb word(kcolors, i) pt (word(kpoints, i) + 0) ps 1.2 title word(ktitles, i), \
		     (hasref ? 2 : NaN) with lines lc rgb 'black' lw 2 title (hasref ? reftitle : '')
	} else {
		plot for [i=1:nk] 2 with boxes lc rgb word(kcolors, i) fs solid 0.9 noborder title word(ktitles, i), \
		     (hasref ? 2 : NaN) with lines lc rgb 'black' lw 2 title (hasref ? reftitle : '')
	}
	unset multiplot
	set output
}
