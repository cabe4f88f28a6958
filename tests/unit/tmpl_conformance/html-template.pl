#!/usr/bin/perl
# html-template.pl TEMPLATE DATA: render TEMPLATE with Perl's
# HTML::Template, the second reference for tessera's template language
# (src/kit/tmpl.c), and print the result. DATA is a case's .in file:
#   set NAME VALUE   a variable (VALUE is the rest of the line)
#   loop NAME        a loop in the current row; its first row begins
#   row              the next row of the innermost loop
#   end              the innermost loop ends
# Options: names are case-sensitive and loops see the variables around
# them (as in libctemplate), the loop variables are on, and no variable
# needs to be used.
use strict;
use warnings;
use HTML::Template;

@ARGV == 2 or die "usage: html-template.pl TEMPLATE DATA\n";
my ($file, $data) = @ARGV;
my %top;
my @stack = ({ scope => \%top });	# each: scope (row hash), rows (array)
open(my $in, '<', $data) or die "$data: $!\n";
while (my $line = <$in>) {
	chomp $line;
	next if $line eq '' or $line =~ /^#/;
	my $cur = $stack[-1];
	if ($line =~ /^set (\w+)(?: (.*))?$/) {
		$cur->{scope} //= do { my %r; push @{$cur->{rows}}, \%r; \%r };
		$cur->{scope}{$1} = defined $2 ? $2 : '';
	} elsif ($line =~ /^loop (\w+)$/) {
		$cur->{scope} //= do { my %r; push @{$cur->{rows}}, \%r; \%r };
		my @rows;
		$cur->{scope}{$1} = \@rows;
		push @stack, { rows => \@rows, scope => undef };
	} elsif ($line eq 'row') {
		$cur->{scope} = undef;
	} elsif ($line eq 'end') {
		pop @stack;
	} else {
		die "$data: bad line: $line\n";
	}
}
close($in);
(my $dir = $file) =~ s{[^/]*$}{};
my $t = HTML::Template->new(filename => $file, path => [$dir || '.'],
    case_sensitive => 1, global_vars => 1, loop_context_vars => 1,
    die_on_bad_params => 0, search_path_on_include => 1);
$t->param(%top);
binmode(STDOUT);
print $t->output;
