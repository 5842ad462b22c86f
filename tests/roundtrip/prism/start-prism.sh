#!/bin/bash
# usage: start-prism.sh SPEC PORT [extra prism args...]  -> prints "ready_s rss_kb" and leaves prism running; pid in /tmp/prism.$PORT.pid
spec=$1; port=$2; shift 2
log=/tmp/prism.$port.log; err=/tmp/prism.$port.err
rm -f $log $err; start=$(date +%s.%N)
setsid ./node_modules/.bin/prism mock -p $port --host 127.0.0.1 "$@" "$spec" >$log 2>$err &
pid=$!; echo $pid > /tmp/prism.$port.pid
while kill -0 $pid 2>/dev/null; do
  if grep -qs "Prism is listening" $log; then break; fi
  sleep 0.05
done
end=$(date +%s.%N)
if kill -0 $pid 2>/dev/null; then
  rss=$(ps -o rss= -p $pid)
  echo "READY $(echo "$end-$start"|bc) s rss=${rss}KB pid=$pid"
else
  echo "DIED after $(echo "$end-$start"|bc) s"; tail -5 $log; tail -20 $err
fi
