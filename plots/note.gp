# plots/note.gp: a chart's title with a sentence in its place, for a chart whose
# data would mislead (an emulator's timer drawn as if it were a measurement).
# Variables: outbase, ttl, lines ('1 2': how many), line1, line2, ... (bench/report/charts.c).

W = 880
H = 150
headline = ttl
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
	reset
	unset border; unset tics; unset key
	set xrange [0:1]; set yrange [0:1]
	set label 1 headline at screen 0.5, screen 0.85 center font ',12' noenhanced
	do for [i = 1:words(lines)] {
		eval(sprintf("set label %d line%d at screen 0.5, screen %f center font ',11' noenhanced tc rgb '#8a4b00'", i + 1, i, 0.6 - 0.15 * (i - 1)))
	}
	plot 2 notitle
	set output
}
