# plots/xy.gp: lines (p50) with an optional shaded band (e.g. p10..p90), one per
# series, drawn by `dmabench report` and `dmabench compare` (bench/charts.c).
#
# Variables, set with gnuplot -e:
#   datafile  blocks "x y lo hi", one per series, separated by two blank lines
#   outbase   output path without extension: writes outbase.svg and outbase.png
#   ttl, xlab, ylab, keynote   title, axis labels (with units), band legend
#   n, titles number of series, their titles as quoted words
#   logx, logy, band, xfmt     0/1 switches; the x tic format ("%g", "%.0b %BB")

set title ttl . (strlen(keynote) > 0 ? "\n" . keynote : "") noenhanced
set xlabel xlab noenhanced
set ylabel ylab noenhanced
set grid xtics ytics mxtics mytics lc rgb '#dddddd'
set key outside right top noenhanced
set format x xfmt
if (logx) set logscale x 2
if (logy) set logscale y 10
set style fill transparent solid 0.18 noborder
set datafile missing 'NaN'

set terminal svg size 880,500 noenhanced font 'sans,11' background rgb 'white'
set output outbase . '.svg'
if (band) {
	plot for [i=1:n] datafile index (i-1) using 1:3:4 with filledcurves lc i notitle, \
	     for [i=1:n] datafile index (i-1) using 1:2 with linespoints lc i lw 2 pt 7 ps 0.6 title word(titles, i)
} else {
	plot for [i=1:n] datafile index (i-1) using 1:2 with linespoints lc i lw 2 pt 7 ps 0.6 title word(titles, i)
}
if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
	set terminal pngcairo size 880,500 noenhanced font 'sans,9' background rgb 'white'
} else {
	set terminal png size 880,500 noenhanced background rgb 'white'
}
set output outbase . '.png'
replot
set output
