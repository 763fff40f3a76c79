package dev.council.docs;

import dev.council.api.Council;
import dev.council.spring.boot.autoconfigure.CouncilDefinitions;
import dev.council.spring.boot.autoconfigure.web.CouncilSseEmitters;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
class AskController {
  private final CouncilSseEmitters sse;
  private final Council advisor;

  AskController(CouncilSseEmitters sse, CouncilDefinitions councils) {
    this.sse = sse;
    this.advisor = councils.get("advisor");          // classpath:councils/advisor.json
  }

  @PostMapping(path = "/ask", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter ask(@RequestParam String question) {
    return sse.start(advisor, Map.of("question", question));
  }
}
