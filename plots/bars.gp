# plots/bars.gp: grouped bars (a bar per series in every group) with an optional
# reference level per group drawn as a black line across the group, for
# `dmabench report` and `dmabench compare` (bench/charts.c).
#
# Variables, set with gnuplot -e:
#   datafile  rows "group v1 .. vn ref" ("?" where not measured)
#   outbase   output path without extension: writes outbase.svg and outbase.png
#   ttl, ylab, keynote, reftitle   title, y label with units, note, reference legend
#   n, titles number of series, their titles as quoted words
#   hasref, logy   0/1 switches

set title ttl . (strlen(keynote) > 0 ? "\n" . keynote : "") noenhanced
set ylabel ylab noenhanced
set grid ytics lc rgb '#dddddd'
set key outside right top noenhanced
set datafile missing '?'
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
	plot for [i=2:n+1] datafile using i:xtic(1) title word(titles, i - 1), \
	     datafile using 0:(column(n + 2)):(0.45) with xerrorbars lc rgb 'black' lw 2 pt -1 title reftitle
} else {
	plot for [i=2:n+1] datafile using i:xtic(1) title word(titles, i - 1)
}
if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
	set terminal pngcairo size 880,520 noenhanced font 'sans,9' background rgb 'white'
} else {
	set terminal png size 880,520 noenhanced background rgb 'white'
}
set output outbase . '.png'
replot
set output
