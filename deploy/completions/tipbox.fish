# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_tipbox_global_optspecs
    string join \n h/help V/version
end

function __fish_tipbox_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_tipbox_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_tipbox_using_subcommand
    set -l cmd (__fish_tipbox_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c tipbox -n "__fish_tipbox_needs_command" -s h -l help -d 'Print help'
complete -c tipbox -n "__fish_tipbox_needs_command" -s V -l version -d 'Print version'
complete -c tipbox -n "__fish_tipbox_needs_command" -f -a "encrypt" -d 'Encrypt a file to age recipients (opens with age; hybrid age1pq1… files need age ≥ 1.3 or typage, not rage 0.12)'
complete -c tipbox -n "__fish_tipbox_needs_command" -f -a "submit" -d 'Encrypt a tip on this machine and send it to a newsroom through Tor'
complete -c tipbox -n "__fish_tipbox_needs_command" -f -a "fetch" -d 'Download an export bundle from the newsroom listener, through Tor'
complete -c tipbox -n "__fish_tipbox_needs_command" -f -a "confirm" -d 'Have the server remove the tips of an export bundle the newsroom holds'
complete -c tipbox -n "__fish_tipbox_needs_command" -f -a "push" -d 'Upload an outgoing bundle of replies (from `tipbox-decrypt reply`)'
complete -c tipbox -n "__fish_tipbox_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, elvish, powershell) to standard output'
complete -c tipbox -n "__fish_tipbox_needs_command" -f -a "manpages" -d 'Write the man pages, tipbox(1) and one per command, into a folder (what the Debian package installs, from deploy/man/)'
complete -c tipbox -n "__fish_tipbox_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tipbox -n "__fish_tipbox_using_subcommand encrypt" -s r -l recipient -d 'An age1pq1… (hybrid post-quantum) or age1… (X25519) recipient; repeat for several, all of one kind' -r
complete -c tipbox -n "__fish_tipbox_using_subcommand encrypt" -s o -l output -d 'Encrypted file to write, never overwritten (standard output if absent or -, but not a terminal)' -r -F
complete -c tipbox -n "__fish_tipbox_using_subcommand encrypt" -s h -l help -d 'Print help'
complete -c tipbox -n "__fish_tipbox_using_subcommand submit" -l server -d 'The server\'s address, e.g. http://….onion/ (the newsroom\'s source onion for `submit`, its newsroom onion for the others)' -r
complete -c tipbox -n "__fish_tipbox_using_subcommand submit" -l socks5 -d 'Tor\'s SOCKS5 port as IP:PORT; host names, onions included, are resolved by Tor, never by this machine' -r
complete -c tipbox -n "__fish_tipbox_using_subcommand submit" -l connect-timeout -d 'Seconds to open a connection (through Tor, the circuit to the onion included)' -r
complete -c tipbox -n "__fish_tipbox_using_subcommand submit" -l timeout -d 'Seconds to wait for an answer to start, and for each further piece of it; a stalled transfer fails (fetch and submit try again) after this' -r
complete -c tipbox -n "__fish_tipbox_using_subcommand submit" -l message-file -d 'File holding the message (- for standard input)' -r -F
complete -c tipbox -n "__fish_tipbox_using_subcommand submit" -s m -l message -d 'The message on the command line. Avoid it: shell history and `ps` keep what is typed there; use --message-file or standard input' -r
complete -c tipbox -n "__fish_tipbox_using_subcommand submit" -l recipient -d 'Refuse to send unless the newsroom\'s keys are exactly these (repeat for several)' -r
complete -c tipbox -n "__fish_tipbox_using_subcommand submit" -l language -d 'The language you write in, recorded in the tip (tip.json `language`): any of the source pages\' languages, e.g. en, fa, ug, bo, zh-TW, pt-BR' -r
complete -c tipbox -n "__fish_tipbox_using_subcommand submit" -l direct -d 'Connect without Tor; allowed only to a loopback address (a server on this machine, tests)'
complete -c tipbox -n "__fish_tipbox_using_subcommand submit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tipbox -n "__fish_tipbox_using_subcommand fetch" -l server -d 'The server\'s address, e.g. http://….onion/ (the newsroom\'s source onion for `submit`, its newsroom onion for the others)' -r
complete -c tipbox -n "__fish_tipbox_using_subcommand fetch" -l socks5 -d 'Tor\'s SOCKS5 port as IP:PORT; host names, onions included, are resolved by Tor, never by this machine' -r
complete -c tipbox -n "__fish_tipbox_using_subcommand fetch" -l connect-timeout -d 'Seconds to open a connection (through Tor, the circuit to the onion included)' -r
complete -c tipbox -n "__fish_tipbox_using_subcommand fetch" -l timeout -d 'Seconds to wait for an answer to start, and for each further piece of it; a stalled transfer fails (fetch and submit try again) after this' -r
complete -c tipbox -n "__fish_tipbox_using_subcommand fetch" -l token-file -d 'File holding the newsroom\'s bearer token (- for standard input)' -r -F
complete -c tipbox -n "__fish_tipbox_using_subcommand fetch" -s o -l output -d 'Bundle file to write, never overwritten (- for standard output, but not a terminal)' -r -F
complete -c tipbox -n "__fish_tipbox_using_subcommand fetch" -l direct -d 'Connect without Tor; allowed only to a loopback address (a server on this machine, tests)'
complete -c tipbox -n "__fish_tipbox_using_subcommand fetch" -l confirm -d 'Once the bundle is written and checked, have the server remove the tips it holds (tips that arrived meanwhile stay)'
complete -c tipbox -n "__fish_tipbox_using_subcommand fetch" -s h -l help -d 'Print help'
complete -c tipbox -n "__fish_tipbox_using_subcommand confirm" -l server -d 'The server\'s address, e.g. http://….onion/ (the newsroom\'s source onion for `submit`, its newsroom onion for the others)' -r
complete -c tipbox -n "__fish_tipbox_using_subcommand confirm" -l socks5 -d 'Tor\'s SOCKS5 port as IP:PORT; host names, onions included, are resolved by Tor, never by this machine' -r
complete -c tipbox -n "__fish_tipbox_using_subcommand confirm" -l connect-timeout -d 'Seconds to open a connection (through Tor, the circuit to the onion included)' -r
complete -c tipbox -n "__fish_tipbox_using_subcommand confirm" -l timeout -d 'Seconds to wait for an answer to start, and for each further piece of it; a stalled transfer fails (fetch and submit try again) after this' -r
complete -c tipbox -n "__fish_tipbox_using_subcommand confirm" -l token-file -d 'File holding the newsroom\'s bearer token (- for standard input)' -r -F
complete -c tipbox -n "__fish_tipbox_using_subcommand confirm" -l direct -d 'Connect without Tor; allowed only to a loopback address (a server on this machine, tests)'
complete -c tipbox -n "__fish_tipbox_using_subcommand confirm" -s h -l help -d 'Print help'
complete -c tipbox -n "__fish_tipbox_using_subcommand push" -l server -d 'The server\'s address, e.g. http://….onion/ (the newsroom\'s source onion for `submit`, its newsroom onion for the others)' -r
complete -c tipbox -n "__fish_tipbox_using_subcommand push" -l socks5 -d 'Tor\'s SOCKS5 port as IP:PORT; host names, onions included, are resolved by Tor, never by this machine' -r
complete -c tipbox -n "__fish_tipbox_using_subcommand push" -l connect-timeout -d 'Seconds to open a connection (through Tor, the circuit to the onion included)' -r
complete -c tipbox -n "__fish_tipbox_using_subcommand push" -l timeout -d 'Seconds to wait for an answer to start, and for each further piece of it; a stalled transfer fails (fetch and submit try again) after this' -r
complete -c tipbox -n "__fish_tipbox_using_subcommand push" -l token-file -d 'File holding the newsroom\'s bearer token (- for standard input)' -r -F
complete -c tipbox -n "__fish_tipbox_using_subcommand push" -l direct -d 'Connect without Tor; allowed only to a loopback address (a server on this machine, tests)'
complete -c tipbox -n "__fish_tipbox_using_subcommand push" -s h -l help -d 'Print help'
complete -c tipbox -n "__fish_tipbox_using_subcommand completions" -s h -l help -d 'Print help'
complete -c tipbox -n "__fish_tipbox_using_subcommand manpages" -l out-dir -d 'The folder to write the pages into' -r -F
complete -c tipbox -n "__fish_tipbox_using_subcommand manpages" -s h -l help -d 'Print help'
complete -c tipbox -n "__fish_tipbox_using_subcommand help; and not __fish_seen_subcommand_from encrypt submit fetch confirm push completions manpages help" -f -a "encrypt" -d 'Encrypt a file to age recipients (opens with age; hybrid age1pq1… files need age ≥ 1.3 or typage, not rage 0.12)'
complete -c tipbox -n "__fish_tipbox_using_subcommand help; and not __fish_seen_subcommand_from encrypt submit fetch confirm push completions manpages help" -f -a "submit" -d 'Encrypt a tip on this machine and send it to a newsroom through Tor'
complete -c tipbox -n "__fish_tipbox_using_subcommand help; and not __fish_seen_subcommand_from encrypt submit fetch confirm push completions manpages help" -f -a "fetch" -d 'Download an export bundle from the newsroom listener, through Tor'
complete -c tipbox -n "__fish_tipbox_using_subcommand help; and not __fish_seen_subcommand_from encrypt submit fetch confirm push completions manpages help" -f -a "confirm" -d 'Have the server remove the tips of an export bundle the newsroom holds'
complete -c tipbox -n "__fish_tipbox_using_subcommand help; and not __fish_seen_subcommand_from encrypt submit fetch confirm push completions manpages help" -f -a "push" -d 'Upload an outgoing bundle of replies (from `tipbox-decrypt reply`)'
complete -c tipbox -n "__fish_tipbox_using_subcommand help; and not __fish_seen_subcommand_from encrypt submit fetch confirm push completions manpages help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, elvish, powershell) to standard output'
complete -c tipbox -n "__fish_tipbox_using_subcommand help; and not __fish_seen_subcommand_from encrypt submit fetch confirm push completions manpages help" -f -a "manpages" -d 'Write the man pages, tipbox(1) and one per command, into a folder (what the Debian package installs, from deploy/man/)'
complete -c tipbox -n "__fish_tipbox_using_subcommand help; and not __fish_seen_subcommand_from encrypt submit fetch confirm push completions manpages help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
