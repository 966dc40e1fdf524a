# plots/xy.gp: lines (p50) with an optional shaded band (e.g. p10..p90), one per
# series, drawn by `dmabench report` and `dmabench compare` (bench/charts.c).
#
# Variables, set with gnuplot -e:
#   datafile  blocks "x y lo hi", one per series, separated by two blank lines
#   outbase   output path without extension: writes outbase.svg and outbase.png
#   ttl, xlab, ylab, keynote   title, axis labels (with units), band legend
#   n, titles number of series, their titles as quoted words
#   colors, dashes  per series: line type (1..12) and dash type, as words
#   logx, logy, band, xfmt     0/1 switches; the x tic format ("%g", "%.0b %BB")
#   xstep     distance between x tics (counts such as threads); 0: gnuplot's choice

set title ttl . (strlen(keynote) > 0 ? "\n" . keynote : "") noenhanced
set xlabel xlab noenhanced
set ylabel ylab noenhanced
set grid xtics ytics mxtics mytics lc rgb '#dddddd'
# Up to a dozen series fit beside the plot; more (a comparison of several
# runs) go below it in three columns, and the canvas grows to hold them.
if (n > 12) {
	set key below maxcols 3 noenhanced
	height = 500 + 17 * ceil(n / 3.0)
} else {
	set key outside right top noenhanced
	height = 500
}
set format x xfmt
if (logx) set logscale x 2
if (xstep > 0) set xtics xstep; set offsets graph 0.02, graph 0.02, 0, 0
if (logy) set logscale y 10
set style fill transparent solid 0.18 noborder
set datafile missing 'NaN'
# dt (expr) would read as a dash pattern: go through a function.
dash(i) = word(dashes, i) + 0
# Twelve colours that stay apart (lines of one kind share a colour across
# runs; runs differ by dash pattern).
set linetype 1 lc rgb '#1f77b4' lw 2
set linetype 2 lc rgb '#d62728' lw 2
set linetype 3 lc rgb '#2ca02c' lw 2
set linetype 4 lc rgb '#ff7f0e' lw 2
set linetype 5 lc rgb '#9467bd' lw 2
set linetype 6 lc rgb '#8c564b' lw 2
set linetype 7 lc rgb '#e377c2' lw 2
set linetype 8 lc rgb '#7f7f7f' lw 2
set linetype 9 lc rgb '#bcbd22' lw 2
set linetype 10 lc rgb '#17becf' lw 2
set linetype 11 lc rgb '#000000' lw 2
set linetype 12 lc rgb '#aec7e8' lw 2
set linetype cycle 12

set terminal svg size 880,height noenhanced font 'sans,11' background rgb 'white'
set output outbase . '.svg'
if (band) {
	plot for [i=1:n] datafile index (i-1) using 1:3:4 with filledcurves lt (word(colors, i) + 0) notitle, \
	     for [i=1:n] datafile index (i-1) using 1:2 with linespoints lt (word(colors, i) + 0) dt dash(i) pt 7 ps 0.6 title word(titles, i)
} else {
	plot for [i=1:n] datafile index (i-1) using 1:2 with linespoints lt (word(colors, i) + 0) dt dash(i) pt 7 ps 0.6 title word(titles, i)
}
if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
	set terminal pngcairo size 880,height noenhanced font 'sans,9' background rgb 'white'
} else {
	set terminal png size 880,height noenhanced background rgb 'white'
}
set output outbase . '.png'
replot
set output
