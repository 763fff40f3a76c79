package dev.council.samples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application running councils with {@code council-spring-boot-starter}: the engine, the
 * councils of {@code classpath:councils/}, the SSE helpers and the Actuator health come from the starter;
 * {@link RunController} is all the application writes. Offline: the simulated provider, no API keys.
 */
@SpringBootApplication
public class SampleApplication {
  public static void main(String[] args) {
    SpringApplication.run(SampleApplication.class, args);
  }
}
