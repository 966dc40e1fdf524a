# plots/bars.gp: grouped bars (a bar per series in every group) with an optional
# reference level per group drawn as a black line across the group, for
# `dmabench report` and `dmabench compare` (bench/charts.c).
#
# Variables, set with gnuplot -e:
#   datafile  rows "group v1 .. vn ref" ("?" where not measured)
#   outbase   output path without extension: writes outbase.svg and outbase.png
#   ttl, ylab, keynote, reftitle   title, y label with units, note, reference legend
#   n, titles number of series, their titles as quoted words
#   colors    per series: line type (1..12), as words
#   hasref, logy   0/1 switches

set title ttl . (strlen(keynote) > 0 ? "\n" . keynote : "") noenhanced
set ylabel ylab noenhanced
set grid ytics lc rgb '#dddddd'
set key outside right top noenhanced
set datafile missing '?'
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
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set xtics rotate by -35 noenhanced nomirror
set offsets 0, 0, graph 0.08, 0
if (logy) set logscale y 10

set terminal svg size 880,520 noenhanced font 'sans,11' background rgb 'white'
set output outbase . '.svg'
if (hasref) {
	plot for [i=2:n+1] datafile using i:xtic(1) lt (word(colors, i - 1) + 0) title word(titles, i - 1), \
	     datafile using 0:(column(n + 2)):(0.45) with xerrorbars lc rgb 'black' lw 2 pt -1 title reftitle
} else {
	plot for [i=2:n+1] datafile using i:xtic(1) lt (word(colors, i - 1) + 0) title word(titles, i - 1)
}
if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
	set terminal pngcairo size 880,520 noenhanced font 'sans,9' background rgb 'white'
} else {
	set terminal png size 880,520 noenhanced background rgb 'white'
}
set output outbase . '.png'
replot
set output
