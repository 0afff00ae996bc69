#!/usr/bin/perl
# holdspace launcher, written by scripts/setup.sh: runs the holdspace of @ROOT@.
#
# Why Perl and not a line of shell: Ctrl-C in the first few dozen milliseconds of any Python
# program (while Python imports its own start-up modules) prints a Python traceback. Here the
# interrupt is taken from the first instant: a handler that says one line, then Ctrl-C and
# SIGTERM are held back (blocked, not lost) while Python starts, and holdspace lets them through
# as soon as its own handler is in place. perl-base is part of every Debian and Ubuntu system.
# (Perl cannot leave from inside a signal handler while it is still compiling, so the handler
# only takes note, and the note is read once the signals are held back.)
BEGIN { $SIG{INT} = $SIG{TERM} = sub { $main::interrupted = 1 }; }
require POSIX;
my $program = '@PROGRAM@';
POSIX::sigprocmask(POSIX::SIG_BLOCK(), POSIX::SigSet->new(POSIX::SIGINT(), POSIX::SIGTERM()));
if ($main::interrupted) {
    print STDERR "holdspace: interrupted; earlier files are untouched and nothing half-written was left\n";
    exit 130;
}
if (($ENV{HOLDSPACE_TEST_STAGE} // '') =~ /^launcher:(.+)$/) {  # test-only: see generator/hooks.py
    my $fifo = $1;
    delete $ENV{HOLDSPACE_TEST_STAGE};
    open(my $pipe, '<', $fifo) or die "holdspace launcher: cannot open $fifo: $!\n";
    local $/;
    my $ignored = <$pipe>;
    close($pipe);
}
exec { $program } $program, @ARGV or do {
    print STDERR "holdspace: cannot run $program ($!); run scripts/setup.sh again\n";
    exit 1;
};
